package io.github.mtls.sample.docs;

import java.util.Map;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.web.MtlsConfigurer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The README's own {@code SecurityFilterChain} with mTLS switched on in one line. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = { @Identity(name = "orders"), @Identity(name = "ops", authorities = "ADMIN") })
class OwnSecurityFilterChainTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class ApiSecurity {

		// tag::chain[]
		@Bean
		SecurityFilterChain api(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests
					.requestMatchers("/admin/**").hasAuthority("ADMIN")
					.anyRequest().authenticated())
				.csrf((csrf) -> csrf.disable())   // machine clients only; keep it on if browsers hold the certificates
				.with(MtlsConfigurer.mtls(), Customizer.withDefaults());   // io.github.mtls.web.MtlsConfigurer
			return http.build();
		}
		// end::chain[]

		@RestController
		static class Admin {

			@GetMapping("/admin/status")
			Map<String, String> status() {
				return Map.of("status", "up");
			}

		}

	}

	@Test
	void identityWithTheAuthorityReachesTheAdminPath(@MtlsClient("ops") RestTestClient ops) {
		ops.get().uri("/admin/status").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("up");
	}

	@Test
	void identityWithoutTheAuthorityIsDenied(@MtlsClient("orders") RestTestClient orders) {
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

}
