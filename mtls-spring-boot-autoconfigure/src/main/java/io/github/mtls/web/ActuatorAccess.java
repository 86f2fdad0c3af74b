package io.github.mtls.web;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call Actuator: {@code health} (and its groups) any authenticated identity, every other
 * endpoint only an identity holding the given authority. Health details are shown to the same
 * authority through {@code management.endpoint.health.show-details=when-authorized} and
 * {@code roles}, which the starter defaults. Apply it before your own rules:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(ActuatorAccess.requireAuthority("ACTUATOR"));
 * http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
 * }</pre>
 *
 * Only load this class when Actuator is on the classpath. The matchers are Boot's {@link EndpointRequest}, so they follow
 * {@code management.endpoints.web.base-path} and a separate {@code management.server.port}.
 */
public final class ActuatorAccess {

	private ActuatorAccess() {
	}

	/** The rules: health for any authenticated identity, the rest for {@code authority}. */
	public static Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> requireAuthority(
			String authority) {
		return (requests) -> requests.requestMatchers(EndpointRequest.to("health"))
			.authenticated()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasAuthority(authority);
	}

}
