package io.github.mtls.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.core.env.Environment;

/**
 * The forward-headers strategy Spring Boot applies, and why, decided as Boot's web server
 * customizers decide it: {@code server.forward-headers-strategy} when set, else {@code native} on
 * a cloud platform that uses forward headers (Kubernetes, Cloud Foundry, Heroku, ...), detected from
 * the environment even when the property is unset.
 *
 * @param strategy the strategy in effect
 * @param cause why it is in effect, for an operator
 */
record ForwardHeadersInEffect(ForwardHeadersStrategy strategy, String cause) {

	static final String PROPERTY = "server.forward-headers-strategy";

	static ForwardHeadersInEffect of(Environment environment) {
		@Nullable ForwardHeadersStrategy explicit = Binder.get(environment)
			.bind(PROPERTY, ForwardHeadersStrategy.class)
			.orElse(null);
		if (explicit != null) {
			return new ForwardHeadersInEffect(explicit, "set by " + PROPERTY);
		}
		CloudPlatform platform = CloudPlatform.getActive(environment);
		if (platform != null && platform.isUsingForwardHeaders()) {
			return new ForwardHeadersInEffect(ForwardHeadersStrategy.NATIVE, detected(platform, environment));
		}
		return new ForwardHeadersInEffect(ForwardHeadersStrategy.NONE, PROPERTY + " unset and no cloud platform detected");
	}

	/** Whether {@code getRemoteAddr()} may be taken from {@code X-Forwarded-For}. */
	boolean rewritesRemoteAddress() {
		return this.strategy != ForwardHeadersStrategy.NONE;
	}

	String name() {
		return this.strategy.name().toLowerCase(Locale.ROOT);
	}

	private static String detected(CloudPlatform platform, Environment environment) {
		String name = platform.name().toLowerCase(Locale.ROOT).replace('_', '-');
		if (platform.isEnforced(environment)) {
			return "spring.main.cloud-platform=" + name;
		}
		if (platform == CloudPlatform.KUBERNETES) {
			return "Kubernetes detected from KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT";
		}
		return "cloud platform " + name + " detected from the environment";
	}

}
