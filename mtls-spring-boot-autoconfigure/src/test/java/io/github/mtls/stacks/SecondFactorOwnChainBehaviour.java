package io.github.mtls.stacks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.web.MtlsConfigurer;
import io.github.mtls.web.SecondFactorConfigurer;
import io.github.mtls.web.reactive.MtlsServerSecurity;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own chain, on every web stack: the documented line ({@code MtlsConfigurer}
 * and {@code SecondFactorConfigurer} on Spring MVC, the {@code MtlsServerSecurity} bean on WebFlux)
 * gives it the same second factor, composed with its own authorization rules.
 */
abstract class SecondFactorOwnChainBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=own-chain-orders,O=Acme");

	static final TestCertificate reporting = pki.client("CN=own-chain-reporting,O=Acme");

	static final String ORDERS_SECRET = "b3duLWNoYWluLW9yZGVycy1zZWNyZXQtMDEyMzQ1Njc4OQ";

	static final String REPORTING_SECRET = "b3duLWNoYWluLXJlcG9ydGluZy1zZWNyZXQtOTg3NjU0MzI";

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.second-factor.required", () -> "secret");
		registry.add("mtls.second-factor.secret-header", () -> "X-Api-Key");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.authorities", () -> "ORDERS");
		registry.add("mtls.identities.orders.secret-sha256", () -> SecretFactorBehaviour.sha256(ORDERS_SECRET));
		registry.add("mtls.identities.reporting.subject-dn", reporting::subjectDn);
		registry.add("mtls.identities.reporting.secret-sha256",
				() -> SecretFactorBehaviour.sha256(REPORTING_SECRET));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ServletChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/whoami").hasAuthority("ORDERS")
				.anyRequest()
				.authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.csrf((csrf) -> csrf.disable());
			http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
			http.with(SecondFactorConfigurer.secondFactor(), Customizer.withDefaults());
			return http.build();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ReactiveChain {

		@Bean
		SecurityWebFilterChain ownChain(ServerHttpSecurity http, MtlsServerSecurity mtls) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/whoami").hasAuthority("ORDERS")
				.anyExchange()
				.authenticated());
			http.csrf((csrf) -> csrf.disable());
			mtls.customize(http);
			return http.build();
		}

	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Test
	void bothFactorsAndTheApplicationsOwnRuleGrantAccess() {
		HttpResponse<String> response = whoami(orders, ORDERS_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"", "\"FACTOR_PASSWORD\"");
	}

	@Test
	void missingApiKeyIsRefusedBeforeTheApplicationsRules() {
		HttpResponse<String> response = whoami(orders, null);
		SecretFactorBehaviour.assertRefused(response, 401, "second_factor_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey header=\"X-Api-Key\"");
	}

	@Test
	void anotherIdentitysApiKeyIsRefused() {
		SecretFactorBehaviour.assertRefused(whoami(orders, REPORTING_SECRET), 401, "secret_invalid");
	}

	@Test
	void bothFactorsDoNotReplaceTheApplicationsOwnRule() {
		SecretFactorBehaviour.assertRefused(whoami(reporting, REPORTING_SECRET), 403, "access_denied");
	}

	private HttpResponse<String> whoami(TestCertificate client, @Nullable String apiKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/whoami"))
			.timeout(Duration.ofSeconds(30));
		if (apiKey != null) {
			request.header("X-Api-Key", apiKey);
		}
		try {
			return this.clients.httpClient(client).send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, ServletChain.class })
	static class OnServlet extends SecondFactorOwnChainBehaviour {

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, ReactiveChain.class })
	static class OnWebFlux extends SecondFactorOwnChainBehaviour {

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, ReactiveChain.class })
	static class OnWebFluxOnTomcat extends SecondFactorOwnChainBehaviour {

	}

}
