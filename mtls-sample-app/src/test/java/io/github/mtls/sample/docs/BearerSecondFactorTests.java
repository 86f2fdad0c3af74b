package io.github.mtls.sample.docs;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The README's second-factor example: certificate-bound access tokens from a TestTokenIssuer. */
// tag::class[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "mtls.second-factor.required=bearer", "mtls.identities.orders.token-subject=orders-client" })
@MtlsTest(identities = { @Identity(name = "orders"), @Identity(name = "billing") })
class BearerSecondFactorTests {

	static final TestTokenIssuer issuer = TestTokenIssuer.start();

	@DynamicPropertySource
	static void resourceServer(DynamicPropertyRegistry registry) {
		issuer.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void certificateAloneIsNotEnough(@MtlsClient("orders") RestTestClient orders) {
		orders.get().uri("/whoami").exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.reason").isEqualTo("second_factor_missing");
	}

	@Test
	void tokenBoundToTheCertificateIsAccepted(@MtlsClient("orders") RestTestClient orders,
			@MtlsClient("orders") TestCertificate certificate) {
		String token = issuer.token("orders-client", certificate);
		orders.get().uri("/whoami").headers((headers) -> headers.setBearerAuth(token)).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.identity").isEqualTo("orders");
	}

	@Test
	void tokenBoundToAnotherCertificateIsRefused(@MtlsClient("orders") RestTestClient orders,
			@MtlsClient("billing") TestCertificate billing) {
		String token = issuer.token("orders-client", billing);
		orders.get().uri("/whoami").headers((headers) -> headers.setBearerAuth(token)).exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.reason").isEqualTo("token_certificate_mismatch");
	}

}
// end::class[]
