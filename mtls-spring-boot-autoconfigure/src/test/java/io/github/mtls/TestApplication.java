package io.github.mtls;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application our end-to-end tests run: one endpoint that says who called. */
@SpringBootApplication
public class TestApplication {

	@RestController
	static class WhoAmI {

		@GetMapping("/whoami")
		Map<String, Object> whoami(Authentication authentication) {
			return Map.of("identity", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

		/** Who called, and the remote address the application sees (a forward-headers strategy rewrites it). */
		@GetMapping("/remote-address")
		String remoteAddress(Authentication authentication, HttpServletRequest request) {
			return authentication.getName() + " from " + request.getRemoteAddr();
		}

		/** What the logging MDC holds while the request is handled. */
		@GetMapping("/mdc")
		Map<String, String> mdc() {
			return org.slf4j.MDC.getCopyOfContextMap();
		}

	}

}
