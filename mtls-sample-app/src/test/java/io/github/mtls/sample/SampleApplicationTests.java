package io.github.mtls.sample;

import java.nio.file.Path;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample API with a test PKI from mtls-spring-boot-test: identity, authorization, deny-by-default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = { @Identity(name = "orders", authorities = "ORDERS_READ"),
		@Identity(name = "ops", authorities = "REPORTS_READ"), @Identity(name = "stranger", pinned = false) })
class SampleApplicationTests {

	@Test
	void whoamiNamesThePinnedIdentity(@MtlsClient("orders") RestTestClient orders) {
		orders.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.identity")
			.isEqualTo("orders")
			.jsonPath("$.authorities")
			.value((authorities) -> assertThat(authorities.toString()).contains("ORDERS_READ"));
	}

	@Test
	void reportsNeedTheReportsAuthority(@MtlsClient("orders") RestTestClient orders,
			@MtlsClient("ops") RestTestClient ops) {
		orders.get()
			.uri("/reports")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("access_denied");
		ops.get().uri("/reports").exchange().expectStatus().isOk();
	}

	@Test
	void unpinnedCertificateIsRefused(@MtlsClient("stranger") RestTestClient stranger) {
		stranger.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("identity_not_pinned");
	}

	@Test
	void developmentPkiIsNotCreatedWithoutTheDevProfile() {
		assertThat(Path.of(".mtls-dev-pki")).doesNotExist();
	}

}
