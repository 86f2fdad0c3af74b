package io.github.mtls.sample.docs;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.web.MtlsConfigurer;
import io.github.mtls.web.SecondFactorConfigurer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's second factor in an application's own chain: the two configurer lines. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "mtls.second-factor.required=secret",
		// printf %s 'orders-example-secret' | sha256sum
		"mtls.identities.orders.secret-sha256=dfb5e21c082d9b22b145b901a8fc1928e6f1c73287572178247989b2a3745794" })
@MtlsTest(identities = @Identity(name = "orders"))
class SecondFactorOwnChainTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class ApiSecurity {

		@Bean
		SecurityFilterChain api(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			// tag::with[]
			http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
			http.with(SecondFactorConfigurer.secondFactor(), Customizer.withDefaults());
			// end::with[]
			return http.build();
		}

	}

	@Test
	void certificateWithoutTheSecretIsRefused(@MtlsClient("orders") RestTestClient orders) {
		orders.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("second_factor_missing");
	}

	@Test
	void certificateWithItsSecretHasBothFactors(@MtlsClient("orders") RestTestClient orders) {
		orders.get()
			.uri("/whoami")
			.headers((headers) -> headers.setBasicAuth("orders", "orders-example-secret"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.identity")
			.isEqualTo("orders")
			.jsonPath("$.authorities")
			.value((authorities) -> assertThat(authorities.toString())
				.contains("FACTOR_X509", "FACTOR_PASSWORD"));
	}

	@Test
	void wrongSecretIsRefused(@MtlsClient("orders") RestTestClient orders) {
		orders.get()
			.uri("/whoami")
			.headers((headers) -> headers.setBasicAuth("orders", "guessed"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("secret_invalid");
	}

}
