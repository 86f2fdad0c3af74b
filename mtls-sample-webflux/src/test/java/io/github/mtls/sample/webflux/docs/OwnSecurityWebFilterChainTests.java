package io.github.mtls.sample.webflux.docs;

import java.util.Map;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.web.reactive.MtlsServerSecurity;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** docs/reactive.md's own {@code SecurityWebFilterChain} with the starter's authentication applied. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = { @Identity(name = "orders"), @Identity(name = "ops", authorities = "ADMIN") })
class OwnSecurityWebFilterChainTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class ApiSecurity {

		// tag::chain[]
		@Bean
		SecurityWebFilterChain api(ServerHttpSecurity http, MtlsServerSecurity mtls) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/admin/**").hasAuthority("ADMIN")
				.anyExchange().authenticated());
			http.csrf((csrf) -> csrf.disable()); // machine clients only, as on the servlet side
			mtls.customize(http);
			return http.build();
		}
		// end::chain[]

		@RestController
		static class Admin {

			@GetMapping("/admin/status")
			Map<String, String> status() {
				return Map.of("status", "up");
			}

			@PostMapping("/admin/status")
			Map<String, String> update() {
				return Map.of("status", "updated");
			}

		}

	}

	@Test
	void identityWithTheAuthorityReachesTheAdminPath(@MtlsClient("ops") WebTestClient ops) {
		ops.get().uri("/admin/status").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("up");
	}

	@Test
	void identityWithoutTheAuthorityIsDenied(@MtlsClient("orders") WebTestClient orders) {
		orders.get()
			.uri("/admin/status")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("access_denied");
		orders.get().uri("/whoami").exchange().expectStatus().isOk().expectBody().jsonPath("$.identity").isEqualTo("orders");
	}

	/** Calling {@code mtls.customize(http)} after disabling CSRF does not turn CSRF protection back on. */
	@Test
	void csrfStaysDisabledAfterTheExplicitCustomize(@MtlsClient("ops") WebTestClient ops) {
		ops.post()
			.uri("/admin/status")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("updated");
	}

}
