package io.github.mtls.sample.webflux;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux sample with a test PKI from mtls-spring-boot-test, over real TLS on Reactor Netty:
 * identity, authorization, deny-by-default, the same answers as the servlet sample.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = { @Identity(name = "orders", authorities = "ORDERS_READ"),
		@Identity(name = "ops", authorities = "REPORTS_READ"), @Identity(name = "stranger", pinned = false) })
class WebFluxSampleApplicationTests {

	@Test
	void whoamiNamesThePinnedIdentity(@MtlsClient("orders") WebTestClient orders) {
		orders.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.identity")
			.isEqualTo("orders")
			.jsonPath("$.authorities")
			.value((authorities) -> assertThat(authorities.toString()).contains("ORDERS_READ", "FACTOR_X509"));
	}

	@Test
	void reportsNeedTheReportsAuthority(@MtlsClient("orders") WebTestClient orders, @MtlsClient("ops") WebTestClient ops) {
		orders.get()
			.uri("/reports")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("access_denied");
		ops.get().uri("/reports").exchange().expectStatus().isOk().expectBody().jsonPath("$.requestedBy").isEqualTo("ops");
	}

	@Test
	void unpinnedCertificateIsRefused(@MtlsClient("stranger") WebTestClient stranger) {
		stranger.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist("WWW-Authenticate")
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("identity_not_pinned");
	}

}
