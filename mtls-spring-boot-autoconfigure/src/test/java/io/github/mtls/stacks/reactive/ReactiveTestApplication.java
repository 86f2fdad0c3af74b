package io.github.mtls.stacks.reactive;

import java.net.InetSocketAddress;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WebFlux twin of {@code io.github.mtls.TestApplication}: the same {@code /whoami} and
 * {@code /remote-address} answers, so that
 * the shared behaviour suite asserts the same bodies on both stacks. Conditional on a reactive
 * application, and a router function rather than a scanned controller, so that the servlet test
 * application's component scan leaves it out.
 */
@SpringBootApplication
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ReactiveTestApplication {

	@Bean
	RouterFunction<ServerResponse> whoami() {
		return RouterFunctions.route()
			.GET("/whoami", (request) -> request.principal()
				.cast(Authentication.class)
				.flatMap((authentication) -> ServerResponse.ok()
					.bodyValue(Map.of("identity", authentication.getName(), "authorities", authentication
						.getAuthorities()
						.stream()
						.map(GrantedAuthority::getAuthority)
						.sorted()
						.toList()))))
			// Who called, and the remote address the application sees (a forward-headers strategy rewrites it).
			.GET("/remote-address", (request) -> request.principal()
				.cast(Authentication.class)
				.flatMap((authentication) -> ServerResponse.ok()
					.bodyValue(authentication.getName() + " from "
							+ request.remoteAddress().map(InetSocketAddress::getHostString).orElse("nowhere"))))
			.build();
	}

}
