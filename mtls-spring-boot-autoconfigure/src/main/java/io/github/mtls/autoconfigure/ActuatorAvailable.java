package io.github.mtls.autoconfigure;

import java.util.Arrays;

import org.springframework.util.ClassUtils;

/** Whether Boot's actuator request matchers can be used: every class they need is present. */
final class ActuatorAvailable {

	private ActuatorAvailable() {
	}

	static boolean on(ClassLoader classLoader, String... classNames) {
		return Arrays.stream(classNames).allMatch((name) -> ClassUtils.isPresent(name, classLoader));
	}

}
