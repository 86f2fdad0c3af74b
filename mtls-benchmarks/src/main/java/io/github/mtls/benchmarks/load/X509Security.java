package io.github.mtls.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What users write today: Spring Security's {@code x509()}, the certificate's CN looked up in an
 * {@link InMemoryUserDetailsManager} holding as many users as the starter's configuration pins.
 * Stateless, like the starter's chain, so neither side pays for an HTTP session per request
 * ({@code ab} sends no cookies).
 */
@Configuration(proxyBeanMethods = false)
@Profile("x509")
class X509Security {

	@Bean
	SecurityFilterChain x509FilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.x509(Customizer.withDefaults());
		return http.build();
	}

	/** {@code bench.users} users named {@code client-0} ... plus the CN of the load client, {@code client}. */
	@Bean
	InMemoryUserDetailsManager x509Users(@Value("${bench.users:10000}") int count) {
		return new InMemoryUserDetailsManager(users(count));
	}

	/** Shared with {@link WebFluxX509Security}, so both stacks look the CN up among the same users. */
	static List<UserDetails> users(int count) {
		List<UserDetails> users = new ArrayList<>(count + 1);
		users.add(User.withUsername("client").password("{noop}unused").authorities("ROLE_CLIENT").build());
		for (int i = 0; i < count - 1; i++) {
			users.add(User.withUsername("client-" + i).password("{noop}unused").authorities("ROLE_CLIENT").build());
		}
		return users;
	}

}
