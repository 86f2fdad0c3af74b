package io.github.mtls.web;

import io.github.mtls.TestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxy mode: the trusted proxy (127.0.0.2) forwards, in nginx's {@code $ssl_client_escaped_cert}
 * format, certificates of trusted CAs whose names only look like a pin; each is refused as
 * {@code identity_not_pinned}, as in direct mode ({@link LookAlikeNamesEndToEndTests}).
 */
@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LookAlikeNamesProxyModeEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = pki.authority(LookAlikeNamesEndToEndTests.ISSUING_CA);

	static final TestCertificate lookAlikeIssuingCa = pki.authority(LookAlikeNamesEndToEndTests.LOOK_ALIKE_ISSUING_CA);

	static final TestCertificate orders = pki.client("CN=orders,OU=Services,O=Acme");

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", () -> pki.root().certificatePem()
				+ issuingCa.certificatePem() + lookAlikeIssuingCa.certificatePem());
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,OU=Services,O=Acme");
		registry.add("mtls.identities.partner.subject-dn", () -> "CN=partner-orders,O=Acme");
		registry.add("mtls.identities.partner.issuer-dn", () -> LookAlikeNamesEndToEndTests.ISSUING_CA);
	}

	@LocalServerPort
	int port;

	@Test
	void genuineClientIsAccepted() {
		LoopbackClient.Response response = forward(orders);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@ParameterizedTest(name = "{0} is not orders")
	@ValueSource(strings = { "CN=\uff4f\uff52\uff44\uff45\uff52\uff53,OU=Services,O=Acme",
			"CN=order\u017f,OU=Services,O=Acme", "CN=orders,OU=Serv\u0131ces,O=Acme" })
	void forwardedSubjectThatOnlyLooksLikeThePinIsRefused(String subject) {
		LoopbackClient.Response response = forward(pki.client(subject));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

	@Test
	void forwardedClientOfTheIssuerNamedInTheIssuerPinIsAccepted() {
		LoopbackClient.Response response = forward(
				TestCertificate.client("CN=partner-orders,O=Acme").signedBy(issuingCa).build());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"partner\"");
	}

	@Test
	void forwardedClientOfATrustedRootWhoseNameOnlyLooksLikeTheIssuerPinIsRefused() {
		LoopbackClient.Response response = forward(
				TestCertificate.client("CN=partner-orders,O=Acme").signedBy(lookAlikeIssuingCa).build());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

	private LoopbackClient.Response forward(TestCertificate client) {
		return LoopbackClient.from("127.0.0.2").get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(client));
	}

}
