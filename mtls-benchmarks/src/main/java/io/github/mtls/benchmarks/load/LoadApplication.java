package io.github.mtls.benchmarks.load;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server every load-run configuration shares: one endpoint, the same TLS set-up, the same JVM.
 * Only the active profile differs:
 * <ul>
 * <li>{@code none}: no Spring Security at all, the floor;</li>
 * <li>{@code x509}: Spring Security's {@code x509()} with a CN to in-memory user mapping;</li>
 * <li>{@code starter}: this starter, pinned identities from the runner's generated properties,
 * revocation as the runner sets it.</li>
 * </ul>
 * With profile {@code webflux} the same app runs on Reactor Netty instead of Tomcat (same controller,
 * SSL bundle and {@code client-auth=need}); {@code webflux-none} and {@code webflux-x509} (see
 * {@link WebFluxX509Security}) are the reactive floor and {@code x509()}, and {@code starter} the starter's
 * reactive default chain.
 */
@SpringBootApplication
@RestController
public class LoadApplication {

	public static void main(String[] args) {
		SpringApplication.run(LoadApplication.class, args);
	}

	/** The endpoint every configuration serves: a constant body, so only the security work differs. */
	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

}
