package io.github.mtls.sample.docs;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The README's complete test, against the sample app's {@code /whoami} and {@code /reports}. */
// tag::class[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = { @Identity(name = "orders", authorities = "ORDERS_READ"),
		@Identity(name = "ops", authorities = "REPORTS_READ"), @Identity(name = "stranger", pinned = false) })
class OrdersApiTests {

	@Test
	void pinnedIdentityIsServed(@MtlsClient("orders") RestTestClient orders) {
		orders.get().uri("/whoami").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.identity").isEqualTo("orders");
	}

	@Test
	void identityWithoutTheAuthorityIsDenied(@MtlsClient("orders") RestTestClient orders,
			@MtlsClient("ops") RestTestClient ops) {
		orders.get().uri("/reports").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.reason").isEqualTo("access_denied");
		ops.get().uri("/reports").exchange().expectStatus().isOk();
	}

	@Test
	void unpinnedClientIsRefused(@MtlsClient("stranger") RestTestClient stranger) {
		stranger.get().uri("/whoami").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.reason").isEqualTo("identity_not_pinned");
	}

}
// end::class[]
