package io.github.mtls.stacks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.WorkloadApiServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPIFFE end to end on every web stack: the application's certificate, client trust and identities
 * come from a real Workload API on a Unix domain socket; real TLS handshakes on a random port. The
 * server's SVID rotates into Tomcat's and Reactor Netty's SSL context alike.
 *
 * <p>One Workload API serves the three stacks' applications, each of which follows it from its
 * start, so it stays open until the JVM ends: a context of an earlier stack, still cached, keeps its
 * stream.
 */
abstract class SpiffeBehaviour {

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.test");

	static final WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket()
		.serve(acme, serverSvid())
		.federateWith(partner);

	@DynamicPropertySource
	static void spiffe(DynamicPropertyRegistry registry) {
		registry.add("mtls.spiffe.enabled", () -> "true");
		registry.add("mtls.spiffe.endpoint-socket", workloadApi::address);
		registry.add("server.ssl.bundle", () -> "spiffe");
		registry.add("server.ssl.client-auth", () -> "need");
		registry.add("mtls.identities.billing.spiffe-id", () -> "spiffe://acme.test/billing");
		registry.add("mtls.identities.partner.spiffe-trust-domain", () -> "partner.test");
	}

	@LocalServerPort
	int port;

	@Test
	void serverPresentsItsSvidFromTheWorkloadApi() throws Exception {
		assertThat(handshake(acme.svid("/billing").build()).getSubjectAlternativeNames())
			.anySatisfy((san) -> assertThat(san.get(1)).isEqualTo("spiffe://acme.test/server"));
	}

	@Test
	void clientSvidPinnedBySpiffeIdIsAuthenticated() {
		HttpResponse<String> response = whoami(acme.svid("/billing").build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"billing\"");
	}

	@Test
	void federatedSvidOfItsOwnTrustDomainIsAuthenticatedByTheTrustDomainSelector() {
		HttpResponse<String> response = whoami(partner.svid("/payments").build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"partner\"");
	}

	@Test
	void federatedCaVouchingForALocalIdIsRefusedAsUntrusted() {
		TestCertificate partnersOwn = partner.svid("/billing").build();
		TestCertificate localIdByPartner = partner.svid("/billing", (c) -> TestCertificate.client("O=SPIRE,C=US")
			.sanUri("spiffe://acme.test/billing")
			.signedBy(partner.ca())).build();

		assertRefused(whoami(localIdByPartner), 403, "certificate_untrusted");
		assertThat(whoami(partnersOwn).body()).contains("\"identity\":\"partner\"");
	}

	@Test
	void unpinnedSvidOfTheLocalDomainIsRefused() {
		assertRefused(whoami(acme.svid("/orders").build()), 403, "identity_not_pinned");
	}

	@Test
	void svidWithTwoUriSansIsRefusedAsCertificatePolicy() {
		assertRefused(whoami(acme.svid("/billing", (c) -> c.sanUri("spiffe://acme.test/admin")).build()), 403,
				"certificate_policy");
	}

	@Test
	void svidWithACaFlagIsRefusedAsCertificatePolicy() {
		assertRefused(whoami(acme.svid("/billing", (c) -> c.certificateAuthority(0)).build()), 403,
				"certificate_policy");
	}

	@Test
	void rotatedServerSvidIsServedOnTheNextHandshakeWithoutRestart() throws Exception {
		TestCertificate rotated = serverSvid();

		workloadApi.rotate(rotated);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(handshake(acme.svid("/billing").build())).isEqualTo(rotated.certificate()));
		assertThat(whoami(acme.svid("/billing").build()).statusCode()).isEqualTo(200);
	}

	@Test
	void clientOfARemovedCaIsRefusedAlsoOnAKeptAliveConnection() throws Exception {
		TestCertificate billing = acme.svid("/billing").build();
		HttpClient keptAlive = acme.clients().httpClient(billing);
		assertThat(send(keptAlive).statusCode()).isEqualTo(200);

		acme.rotateCa();
		workloadApi.rotate(serverSvid());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertRefused(send(keptAlive), 403,
				"certificate_untrusted"));
		// The server swaps its own SSL context (the new server SVID) in another update handler: poll.
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(whoami(acme.svid("/billing").build()).statusCode()).isEqualTo(200));
	}

	private static TestCertificate serverSvid() {
		return acme.svid("/server", (c) -> c.sanDns("localhost")).build();
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return acme.clients().get(client, "https://localhost:" + this.port + "/whoami");
	}

	private HttpResponse<String> send(HttpClient client) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/whoami")).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** The certificate the server presents to a new handshake. */
	private X509Certificate handshake(TestCertificate client) throws Exception {
		try (SSLSocket socket = (SSLSocket) acme.clients().sslContext(client).getSocketFactory()
			.createSocket("localhost", this.port)) {
			socket.startHandshake();
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	@ServletStack
	static class OnServlet extends SpiffeBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends SpiffeBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends SpiffeBehaviour {

	}

}
