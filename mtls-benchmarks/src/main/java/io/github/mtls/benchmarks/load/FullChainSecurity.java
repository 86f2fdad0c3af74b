package io.github.mtls.benchmarks.load;

import io.github.mtls.web.MtlsConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The starter inside Spring Security's full default chain, as before issue 22: session management
 * (stateless), request cache, anonymous, logout and servlet-API filters, every response header, and
 * Spring Security's observations of every filter. With profile {@code starter}; the difference to
 * plain {@code starter} is what the lean default chain saves.
 */
@Configuration(proxyBeanMethods = false)
@Profile("full-chain")
class FullChainSecurity {

	@Bean
	SecurityFilterChain fullFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		http.csrf((csrf) -> csrf.disable());
		http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
		return http.build();
	}

	@Bean
	SecurityObservationSettings fullObservations() {
		return SecurityObservationSettings.withDefaults().build();
	}

}
