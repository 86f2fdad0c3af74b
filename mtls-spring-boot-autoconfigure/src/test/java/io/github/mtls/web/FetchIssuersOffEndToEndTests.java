package io.github.mtls.web;

import io.github.mtls.TestApplication;
import io.github.mtls.test.CaIssuersEndpoint;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.trust.fetch-issuers} off, the default: a pinned client whose proxy forwards only its
 * leaf stays untrusted, and the server connects nowhere. (On: {@code stacks.FetchIssuersBehaviour}.)
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FetchIssuersOffEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = TestCertificate.authority("CN=Unfetched Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final CaIssuersEndpoint endpoint = CaIssuersEndpoint.serving(issuingCa);

	static final TestCertificate unfetched = TestCertificate.client("CN=unfetched,O=Acme")
		.caIssuersUrl(endpoint.url())
		.signedBy(issuingCa)
		.build();

	@DynamicPropertySource
	static void leafOnlyProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.trust.anchors-sha256", pki.root()::sha256);
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("mtls.proxy.max-header-size", () -> "16KB");
		registry.add("mtls.identities.unfetched.subject-dn", unfetched::subjectDn);
	}

	@AfterAll
	static void stopEndpoint() {
		endpoint.close();
	}

	@LocalServerPort
	int port;

	@Test
	void pinnedClientSendingOnlyItsLeafIsUntrustedAndNothingIsFetched() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", "X-SSL-Client-Cert", ForwardedCertificateHeaders.nginx(unfetched));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_untrusted\"");
		assertThat(endpoint.requests()).isZero();
	}

}
