package io.github.mtls.sample.webflux;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The WebFlux twin of the servlet sample, on Reactor Netty: every exchange needs a client
 * certificate of a pinned identity, and {@code /reports} also needs the {@code REPORTS_READ}
 * authority. Same endpoints, same answers, same {@code mtls.*} configuration.
 */
@SpringBootApplication
@EnableReactiveMethodSecurity
public class WebFluxSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebFluxSampleApplication.class, args);
	}

	@RestController
	static class SampleController {

		/** Who is calling: the pinned identity's name and its authorities. */
		@GetMapping("/whoami")
		Mono<Map<String, Object>> whoami(Authentication authentication) {
			return Mono.just(Map.of("identity", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList()));
		}

		/** Only for identities holding REPORTS_READ. */
		@GetMapping("/reports")
		@PreAuthorize("hasAuthority('REPORTS_READ')")
		Mono<Map<String, Object>> reports(Authentication authentication) {
			return Mono.just(Map.of("report", "monthly", "requestedBy", authentication.getName()));
		}

	}

}
