package io.github.mtls.sample;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC API protected by the mTLS starter: every request needs a client certificate of a
 * pinned identity, and {@code /reports} also needs the {@code REPORTS_READ} authority.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@RestController
	static class SampleController {

		/** Who is calling: the pinned identity's name and its authorities. */
		@GetMapping("/whoami")
		Map<String, Object> whoami(Authentication authentication) {
			return Map.of("identity", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

		/** Only for identities holding REPORTS_READ. */
		@GetMapping("/reports")
		@PreAuthorize("hasAuthority('REPORTS_READ')")
		Map<String, Object> reports(Authentication authentication) {
			return Map.of("report", "monthly", "requestedBy", authentication.getName());
		}

	}

}
