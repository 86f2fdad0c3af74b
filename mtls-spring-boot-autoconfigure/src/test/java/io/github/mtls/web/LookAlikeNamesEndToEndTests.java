package io.github.mtls.web;

import java.net.http.HttpResponse;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real TLS handshakes: certificates from trusted CAs whose names only look like a pin are refused as
 * {@code identity_not_pinned}. {@code X500Principal}'s canonical form, which the handshake itself
 * uses, folds each of these names into the pinned one.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest(trustedAuthorities = { LookAlikeNamesEndToEndTests.ISSUING_CA,
		LookAlikeNamesEndToEndTests.LOOK_ALIKE_ISSUING_CA })
class LookAlikeNamesEndToEndTests {

	static final String ISSUING_CA = "CN=Acme Issuing CA,O=Acme";

	/** A trusted partner's root whose first letter is a fullwidth A (U+FF21). */
	static final String LOOK_ALIKE_ISSUING_CA = "CN=\uff21cme Issuing CA,O=Acme";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,OU=Services,O=Acme");

	static final TestCertificate partnerOrders = TestCertificate.client("CN=partner-orders,O=Acme")
		.signedBy(pki.authority(ISSUING_CA))
		.build();

	static final TestCertificate lookAlikePartnerOrders = TestCertificate.client("CN=partner-orders,O=Acme")
		.signedBy(pki.authority(LOOK_ALIKE_ISSUING_CA))
		.build();

	@DynamicPropertySource
	static void identities(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,OU=Services,O=Acme");
		registry.add("mtls.identities.partner.subject-dn", () -> "CN=partner-orders,O=Acme");
		registry.add("mtls.identities.partner.issuer-dn", () -> ISSUING_CA);
	}

	@Autowired
	TestIdentities server;

	@Test
	void genuineClientIsAccepted() {
		HttpResponse<String> response = whoami(orders);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@ParameterizedTest(name = "{0} is not orders")
	@ValueSource(strings = { "CN=\uff4f\uff52\uff44\uff45\uff52\uff53,OU=Services,O=Acme",
			"CN=order\u017f,OU=Services,O=Acme", "CN=orders,OU=Serv\u0131ces,O=Acme",
			"CN=orders,OU=Services,O=\uff21cme" })
	void subjectThatOnlyLooksLikeThePinIsRefused(String subject) {
		HttpResponse<String> response = whoami(pki.client(subject));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"").doesNotContain("\"identity\"");
	}

	@Test
	void clientOfTheIssuerNamedInTheIssuerPinIsAccepted() {
		HttpResponse<String> response = whoami(partnerOrders);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"partner\"");
	}

	@Test
	void clientOfATrustedRootWhoseNameOnlyLooksLikeTheIssuerPinIsRefused() {
		HttpResponse<String> response = whoami(lookAlikePartnerOrders);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

}
