package io.github.mtls.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults Actuator's health details to the identities holding {@code mtls.actuator.authority}:
 * {@code management.endpoint.health.show-details=when-authorized} and
 * {@code management.endpoint.health.roles=${mtls.actuator.authority:ACTUATOR}}. Added as the
 * lowest-precedence property source, so any value the application sets wins; nothing is added when
 * {@code mtls.enabled=false}.
 */
public class ActuatorAccessDefaults implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "mtlsActuatorDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("mtls.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE,
					Map.of("management.endpoint.health.show-details", "when-authorized",
							"management.endpoint.health.show-components", "when-authorized",
							"management.endpoint.health.roles", "${mtls.actuator.authority:ACTUATOR}")));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
