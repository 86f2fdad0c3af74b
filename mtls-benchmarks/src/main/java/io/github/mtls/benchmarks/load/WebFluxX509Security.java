package io.github.mtls.benchmarks.load;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * What WebFlux users write today: Spring Security's reactive {@code x509()}, the certificate's CN
 * looked up in a {@link MapReactiveUserDetailsService} holding the same users as {@link X509Security}.
 * Stateless, like the starter's chain, so no exchange touches a {@code WebSession}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("webflux-x509")
@EnableWebFluxSecurity
class WebFluxX509Security {

	@Bean
	SecurityWebFilterChain x509WebFilterChain(ServerHttpSecurity http) {
		http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
		http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		http.x509(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	MapReactiveUserDetailsService x509ReactiveUsers(@Value("${bench.users:10000}") int count) {
		return new MapReactiveUserDetailsService(X509Security.users(count));
	}

}
