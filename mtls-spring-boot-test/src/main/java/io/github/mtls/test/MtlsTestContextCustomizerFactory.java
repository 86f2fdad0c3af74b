package io.github.mtls.test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Turns {@link MtlsTest @MtlsTest} into properties and the {@link TestIdentities} bean. Registered
 * in {@code META-INF/spring.factories}.
 */
final class MtlsTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		MtlsTest mtlsTest = TestContextAnnotationUtils.findMergedAnnotation(testClass, MtlsTest.class);
		if (mtlsTest == null) {
			return null;
		}
		return new MtlsTestContextCustomizer(Arrays.stream(mtlsTest.identities()).map(IdentityDeclaration::of).toList(),
				List.of(mtlsTest.trustedAuthorities()));
	}

	/**
	 * A value, so that test classes declaring the same identities share one cached context.
	 */
	record MtlsTestContextCustomizer(List<IdentityDeclaration> identities,
			List<String> trustedAuthorities) implements ContextCustomizer {

		static final String PROPERTY_SOURCE = "mtls-test";

		/** Spring's name for the properties of @SpringBootTest(properties) and @TestPropertySource. */
		private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			TestPki pki = TestPki.shared();
			Map<String, TestCertificate> certificates = certificates(pki);
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, Map.copyOf(properties(pki, certificates)));
			if (sources.contains(INLINED_TEST_PROPERTIES)) {
				sources.addAfter(INLINED_TEST_PROPERTIES, source);
			}
			else {
				sources.addFirst(source);
			}
			context.getBeanFactory()
				.registerSingleton("mtlsTestIdentities",
						new TestIdentities(certificates, pki.clients(), context.getEnvironment()));
		}

		Map<String, TestCertificate> certificates(TestPki pki) {
			Map<String, TestCertificate> certificates = new LinkedHashMap<>();
			for (IdentityDeclaration identity : this.identities) {
				if (certificates.put(identity.name(), pki.certificate(identity)) != null) {
					throw new IllegalStateException("@MtlsTest declares the identity '" + identity.name() + "' twice");
				}
			}
			return certificates;
		}

		Map<String, Object> properties(TestPki pki, Map<String, TestCertificate> certificates) {
			TestCertificate[] trusted = this.trustedAuthorities.stream().map(pki::authority).toArray(TestCertificate[]::new);
			Map<String, Object> properties = new LinkedHashMap<>(pki.serverProperties(trusted));
			// The port is @SpringBootTest's choice (RANDOM_PORT or DEFINED_PORT), not ours.
			properties.remove("server.port");
			// Client certificates are checked against the test PKI even where the application names
			// its own trust bundle (direct mode) or re-validates forwarded certificates (proxy mode).
			properties.put("mtls.trust.bundle", TestPki.BUNDLE);
			for (IdentityDeclaration identity : this.identities) {
				properties.putAll(identity.properties(certificates.get(identity.name())));
			}
			return properties;
		}

	}

}
