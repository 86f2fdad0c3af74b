package io.github.mtls.test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
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
				List.of(mtlsTest.trustedAuthorities()), mtlsTest.applicationIdentities());
	}

	/**
	 * A value, so that test classes declaring the same identities share one cached context.
	 */
	record MtlsTestContextCustomizer(List<IdentityDeclaration> identities, List<String> trustedAuthorities,
			ApplicationIdentities applicationIdentities) implements ContextCustomizer {

		private static final Log logger = LogFactory.getLog(MtlsTest.class);

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
			replaceApplicationIdentities(sources);
			context.getBeanFactory()
				.registerSingleton("mtlsTestIdentities",
						new TestIdentities(certificates, pki.clients(), context.getEnvironment()));
		}

		/**
		 * Hides, in the application's own property sources, the identities the test declares (each is
		 * replaced whole) and, with {@link ApplicationIdentities#DROP}, all the others; the test's own
		 * properties and the environment are left alone.
		 */
		private void replaceApplicationIdentities(MutablePropertySources sources) {
			Set<String> declared = new TreeSet<>();
			this.identities.forEach((identity) -> declared.add(identity.name()));
			boolean drop = this.applicationIdentities == ApplicationIdentities.DROP;
			Set<String> replaced = new TreeSet<>();
			Set<String> others = new TreeSet<>();
			for (PropertySource<?> source : sources) {
				if (source instanceof EnumerablePropertySource<?> enumerable && isApplicationConfiguration(source)) {
					Set<String> configured = ReplacedIdentities.identities(enumerable);
					if (!configured.isEmpty()) {
						configured.forEach((name) -> (declared.contains(name) ? replaced : others).add(name));
						sources.replace(source.getName(), ReplacedIdentities.of(enumerable, declared, drop));
					}
				}
			}
			if (!replaced.isEmpty() || !others.isEmpty()) {
				logger.info("@MtlsTest: test identities " + declared + " replace the application's " + replaced
						+ "; the application's other identities " + others + " are "
						+ (drop ? "dropped" : "kept") + " (@MtlsTest(applicationIdentities = ...))");
			}
		}

		private static boolean isApplicationConfiguration(PropertySource<?> source) {
			String name = source.getName();
			return !name.equals(PROPERTY_SOURCE) && !name.equals(INLINED_TEST_PROPERTIES)
					&& !name.equals("systemEnvironment") && !name.equals("systemProperties")
					&& !name.startsWith("Dynamic Test Properties")
					&& !name.equals("configurationProperties");
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
