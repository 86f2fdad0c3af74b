package io.github.mtls.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves {@link MtlsClient @MtlsClient} parameters and fields of an {@link MtlsTest} from the
 * {@link TestIdentities} bean of the test's application context.
 */
final class MtlsTestExtension implements ParameterResolver, TestInstancePostProcessor {

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		return parameter.isAnnotated(MtlsClient.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		String name = parameter.findAnnotation(MtlsClient.class).orElseThrow().value();
		return identities(extension).client(name, parameter.getParameter().getType());
	}

	@Override
	public void postProcessTestInstance(Object testInstance, ExtensionContext extension) {
		ReflectionUtils.doWithFields(testInstance.getClass(), (field) -> inject(testInstance, field, extension),
				(field) -> field.isAnnotationPresent(MtlsClient.class) && !Modifier.isStatic(field.getModifiers()));
	}

	private void inject(Object testInstance, Field field, ExtensionContext extension) {
		Object client = identities(extension).client(field.getAnnotation(MtlsClient.class).value(), field.getType());
		ReflectionUtils.makeAccessible(field);
		ReflectionUtils.setField(field, testInstance, client);
	}

	private static TestIdentities identities(ExtensionContext extension) {
		return SpringExtension.getApplicationContext(extension).getBean(TestIdentities.class);
	}

}
