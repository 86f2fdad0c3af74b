package io.github.mtls.web;

import java.net.http.HttpResponse;

import io.github.mtls.TestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HAProxy terminates mTLS on loopback and forwards {@code %[ssl_c_der,base64]} and the
 * client's CA certificates ({@code %[ssl_c_chain_der,base64]}) over plain HTTP from 127.0.0.2, the
 * only trusted proxy address. HAProxy ignores every verification error here ({@code crt-ignore-err
 * all}), as a passthrough load balancer would: the application validates on its own.
 */
@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HaproxyProxyModeEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final String CHAIN_HEADER = "X-SSL-Client-Chain";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = TestCertificate.authority("CN=Issuing CA,O=Acme").signedBy(pki.root()).build();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate billing = TestCertificate.client("CN=billing,O=Acme").signedBy(issuingCa).build();

	static final TestCertificate unpinned = pki.client("CN=stranger,O=Acme");

	static final TestCertificate expired = TestCertificate.client("CN=orders,O=Acme").signedBy(pki.root()).expired().build();

	static final TestCertificate serverAuthOnly = pki.client("CN=orders,O=Acme", (c) -> c.serverAuthOnly());

	static final TestCertificate untrusted = TestCertificate.client("CN=orders,O=Acme")
		.signedBy(TestCertificate.authority("CN=Rogue CA").build())
		.build();

	static TlsTerminatingProxy haproxy;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "haproxy");
		registry.add("mtls.proxy.chain-header-name", () -> CHAIN_HEADER);
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2, ::ffff:127.0.0.2/128");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
		registry.add("mtls.identities.billing.subject-dn", () -> "CN=billing,O=Acme");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@BeforeEach
	void startHaproxy() {
		if (haproxy == null) {
			haproxy = TlsTerminatingProxy.haproxy(pki, this.port)
				.header(HEADER, "%[ssl_c_der,base64]")
				.header(CHAIN_HEADER, "%[ssl_c_chain_der,base64]")
				.sourceAddress("127.0.0.2")
				.forwardUnverified()
				.start();
		}
	}

	@AfterAll
	static void stopHaproxy() {
		if (haproxy != null) {
			haproxy.close();
			haproxy = null;
		}
	}

	@Test
	void pinnedClientThroughHaproxyIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = throughHaproxy(orders, "/whoami");
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void clientIssuedByAnIntermediateIsValidatedWithTheForwardedChain() {
		HttpResponse<String> response = throughHaproxy(billing, "/whoami");
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"billing\"");
	}

	@Test
	void haproxySendsExactlyTheEncodingTheTestSupportBuilds() {
		assertThat(throughHaproxy(orders, "/forwarded").body())
			.isEqualTo("{\"header\":\"" + ForwardedCertificateHeaders.haproxy(orders) + "\"}");
	}

	@Test
	void unpinnedClientThroughHaproxyIsRefused() {
		assertRefused(throughHaproxy(unpinned, "/whoami"), 403, "identity_not_pinned");
	}

	@Test
	void expiredClientForwardedByHaproxyIsRefused() {
		assertRefused(throughHaproxy(expired, "/whoami"), 403, "certificate_expired");
	}

	@Test
	void certificateFromAnUnknownCaForwardedByHaproxyIsRefused() {
		assertRefused(throughHaproxy(untrusted, "/whoami"), 403, "certificate_untrusted");
	}

	@Test
	void certificateWithoutClientAuthForwardedByHaproxyIsRefusedByTheDefaultLeafRequirements() {
		assertRefused(throughHaproxy(serverAuthOnly, "/whoami"), 403, "certificate_policy");
	}

	@Test
	void clientWithoutCertificateThroughHaproxyIsRefused() {
		assertRefused(throughHaproxy(null, "/whoami"), 401, "no_client_certificate");
	}

	@Test
	void forgedHeaderSentStraightToTheAppIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.haproxy(orders));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"");
	}

	@Test
	void forgedChainHeaderAloneSentStraightToTheAppIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(this.port, "/whoami", CHAIN_HEADER, ForwardedCertificateHeaders.haproxyChain(billing));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"");
	}

	private HttpResponse<String> throughHaproxy(TestCertificate client, String path) {
		return this.clients.get(client, haproxy.url(path));
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
