package io.github.mtls.web;

import java.net.http.HttpResponse;

import io.github.mtls.TestApplication;
import io.github.mtls.core.Decision;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.policy.extended-key-usage=server-auth}: clients complete a real mTLS handshake with
 * HAProxy, which forwards every certificate unverified, and the application applies its own leaf
 * requirements. (In direct mode the JDK's TLS stack already refuses a client certificate without
 * clientAuth in the handshake; the default reading, refusing it with {@code certificate_policy}
 * behind a proxy, is in {@link HaproxyProxyModeEndToEndTests}.)
 */
@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeafRequirementsEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate serverAuthOnly = pki.client("CN=orders,O=Acme", (c) -> c.serverAuthOnly());

	static final TestCertificate clientAuthOnly = pki.client("CN=orders,O=Acme");

	static final TestCertificate anyPurpose = pki.client("CN=orders,O=Acme", (c) -> c.extendedKeyUsage("2.5.29.37.0"));

	static final TestCertificate subCa = TestCertificate.authority("CN=orders,O=Acme").signedBy(pki.root()).build();

	static TlsTerminatingProxy haproxy;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "haproxy");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2, ::ffff:127.0.0.2/128");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
		registry.add("mtls.policy.extended-key-usage", () -> "server-auth");
		registry.add("mtls.policy.key-usage", () -> "any");
	}

	@LocalServerPort
	int port;

	@Autowired
	ProxyModeTestConfiguration.Decisions decisions;

	final MtlsClients clients = pki.clients();

	@BeforeEach
	void startHaproxy() {
		if (haproxy == null) {
			haproxy = TlsTerminatingProxy.haproxy(pki, this.port)
				.header("X-SSL-Client-Cert", "%[ssl_c_der,base64]")
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
	void certificateWithTheRequiredPurposeIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = whoami(serverAuthOnly);
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void certificateWithoutTheRequiredPurposeIsRefusedNamingIt() {
		assertRefused(whoami(clientAuthOnly), "extended key usage lacks serverAuth (mtls.policy.extended-key-usage)");
	}

	@Test
	void anyExtendedKeyUsageDoesNotSatisfyAnExplicitPurpose() {
		assertRefused(whoami(anyPurpose), "extended key usage lacks serverAuth (mtls.policy.extended-key-usage)");
	}

	@Test
	void caCertificateIsRefusedWhateverTheSettings() {
		assertRefused(whoami(subCa), "CA certificate");
	}

	private void assertRefused(HttpResponse<String> response, String detail) {
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_policy\"").doesNotContain("\"identity\"");
		assertThat(this.decisions.last()).isInstanceOfSatisfying(Decision.Refused.class,
				(refused) -> assertThat(refused.refusal().detail()).contains(detail));
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return this.clients.get(client, haproxy.url("/whoami"));
	}

}
