package io.github.mtls.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.TestApplication;
import io.github.mtls.core.Decision;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real nginx terminates mTLS on loopback and forwards {@code $ssl_client_escaped_cert} to the
 * application over plain HTTP from 127.0.0.2, the only trusted proxy address. nginx runs with
 * {@code ssl_verify_client optional_no_ca}, so it forwards certificates from CAs it does not know
 * (it still refuses expired ones itself, hence the injected clock for expiry): every refusal below
 * is the application's own.
 */
@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NginxProxyModeEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate unpinned = pki.client("CN=stranger,O=Acme");

	static final TestCertificate revoked = pki.client("CN=orders,O=Acme");

	static final TestCertificate untrusted = TestCertificate.client("CN=orders,O=Acme")
		.signedBy(TestCertificate.authority("CN=Rogue CA").build())
		.build();

	static TlsTerminatingProxy nginx;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("mtls.proxy.max-header-size", () -> "16KB");
		registry.add("server.max-http-request-header-size", () -> "64KB");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
		registry.add("mtls.identities.orders.authorities", () -> "ORDERS_READ");
	}

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	ProxyModeTestConfiguration.Decisions decisions;

	final MtlsClients clients = pki.clients();

	@BeforeEach
	void startNginx() {
		if (nginx == null) {
			nginx = TlsTerminatingProxy.nginx(pki, this.port)
				.header(HEADER, "$ssl_client_escaped_cert")
				.sourceAddress("127.0.0.2")
				.forwardUnverified()
				.start();
		}
		ProxyModeTestConfiguration.revoked.add(revoked.certificate().getSerialNumber());
	}

	@AfterEach
	void resetClock() {
		this.clock.set(Instant.now());
	}

	@AfterAll
	static void stopNginx() {
		if (nginx != null) {
			nginx.close();
			nginx = null;
		}
	}

	@Test
	void pinnedClientThroughNginxIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = throughNginx(orders, "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"ORDERS_READ\"", "\"FACTOR_X509\"");
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.2");
	}

	@Test
	void nginxSendsExactlyTheEncodingTheTestSupportBuilds() {
		HttpResponse<String> response = throughNginx(orders, "/forwarded");
		assertThat(response.body()).isEqualTo("{\"header\":\"" + ForwardedCertificateHeaders.nginx(orders) + "\"}");
	}

	@Test
	void forwardedCertificateIsWhereSpringExpectsTheClientCertificate() {
		assertThat(throughNginx(orders, "/attribute").body()).isEqualTo(orders.subjectDn());
	}

	@Test
	void keptAliveClientResolvesToTheSameCertificateWithoutReverification() {
		throughNginx(orders, "/whoami");
		Decision first = this.decisions.last();
		throughNginx(orders, "/whoami");
		assertThat(this.decisions.last().certificate().certificate()).isSameAs(first.certificate().certificate());
	}

	@Test
	void unpinnedClientThroughNginxIsRefused() {
		assertRefused(throughNginx(unpinned, "/whoami"), 403, "identity_not_pinned");
	}

	@Test
	void clientExpiredAtTheInjectedClocksTimeIsRefused() {
		this.clock.set(orders.certificate().getNotAfter().toInstant().plus(Duration.ofMinutes(1)));
		assertRefused(throughNginx(orders, "/whoami"), 403, "certificate_expired");
	}

	@Test
	void revokedClientForwardedByNginxIsRefusedByTheSameChainChecks() {
		assertRefused(throughNginx(revoked, "/whoami"), 403, "certificate_revoked");
	}

	@Test
	void certificateFromAnUnknownCaThatNginxForwardedUnverifiedIsRefused() {
		assertRefused(throughNginx(untrusted, "/whoami"), 403, "certificate_untrusted");
	}

	@Test
	void clientWithoutCertificateThroughNginxIsRefused() {
		assertRefused(throughNginx(null, "/whoami"), 401, "no_client_certificate");
	}

	@Test
	void forgedHeaderSentStraightToTheAppIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(orders));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"");
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.1");
	}

	@Test
	void requestStraightToTheAppWithoutHeaderHasNoCertificate() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1").get(this.port, "/whoami");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).contains("\"reason\":\"no_client_certificate\"");
	}

	@Test
	void sameHeaderFromTheTrustedAddressIsAccepted() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(orders));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void malformedHeaderFromTheProxyIsABadRequest() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, "-----BEGIN%20CERTIFICATE-----garbage");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("\"reason\":\"malformed_certificate_header\"")
			.doesNotContain("garbage", "Exception");
	}

	@Test
	void twoCertificateHeadersAreRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(unpinned), HEADER,
					ForwardedCertificateHeaders.nginx(orders));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("\"reason\":\"malformed_certificate_header\"");
	}

	@Test
	void oversizedHeaderIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, "A".repeat(20_000));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("\"reason\":\"malformed_certificate_header\"");
	}

	private HttpResponse<String> throughNginx(TestCertificate client, String path) {
		return this.clients.get(client, nginx.url(path));
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(nginx.log()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
