package io.github.mtls.web;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Makes the application run as in a Kubernetes pod: adds the two variables every pod has
 * ({@code KUBERNETES_SERVICE_HOST}, {@code KUBERNETES_SERVICE_PORT}) to the environment's system
 * environment, where Spring Boot's {@code CloudPlatform.KUBERNETES} looks for them.
 */
public final class KubernetesPod implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		Map<String, Object> variables = new HashMap<>(context.getEnvironment().getSystemEnvironment());
		variables.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
		variables.put("KUBERNETES_SERVICE_PORT", "443");
		context.getEnvironment().getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, variables));
	}

}
