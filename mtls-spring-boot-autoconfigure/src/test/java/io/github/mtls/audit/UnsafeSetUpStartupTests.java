package io.github.mtls.audit;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mtls.test.JdkCacerts;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Full application startups, as a user runs them: each unsafe set-up stops the application before
 * its port opens, with the failure analysis naming the certificate (subject and SHA-256) and the
 * property to change; the documented overrides start.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsafeSetUpStartupTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate nonProdCa = TestCertificate.authority("CN=Non-prod Client CA,O=Acme").build();

	@Test
	void prodRunWhoseClientTrustStoreAlsoHoldsTheNonProdCaDoesNotStart(CapturedOutput output) {
		Map<String, Object> properties = properties(pki.serverProperties(nonProdCa));
		properties.put("segregation.prod-ca-sha256", pki.root().sha256());
		properties.put("segregation.nonprod-ca-sha256", nonProdCa.sha256());
		assertThatException().isThrownBy(() -> runSegregated(properties, "prod"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"The client trust store holds a trust anchor that is not pinned",
				"Certificate: CN=Non-prod Client CA,O=Acme", "SHA-256:     " + nonProdCa.sha256(),
				"add its fingerprint to 'mtls.trust.anchors-sha256'");
	}

	@Test
	void nonProdRunWhoseClientTrustStoreAlsoHoldsTheProdCaDoesNotStart(CapturedOutput output) {
		Map<String, Object> properties = properties(pki.serverProperties(nonProdCa));
		properties.put("segregation.prod-ca-sha256", pki.root().sha256());
		properties.put("segregation.nonprod-ca-sha256", nonProdCa.sha256());
		assertThatException().isThrownBy(() -> runSegregated(properties, "nonprod"));
		assertThat(output).contains("APPLICATION FAILED TO START", "Certificate: " + pki.root().subjectDn(),
				"SHA-256:     " + pki.root().sha256());
	}

	@Test
	void publicRootFromTheJdkCacertsDoesNotStart(CapturedOutput output) {
		X509Certificate publicRoot = JdkCacerts.root();
		Map<String, Object> properties = properties(pki.serverProperties());
		properties.put("spring.ssl.bundle.pem.mtls-test.truststore.certificate",
				pki.root().certificatePem() + JdkCacerts.rootPem());
		assertThatException().isThrownBy(() -> run(properties));
		assertThat(output).contains("APPLICATION FAILED TO START", "A publicly trusted CA is a client trust anchor",
				"Certificate: " + publicRoot.getSubjectX500Principal().getName(), "(JDK cacerts)",
				"set 'mtls.trust.allow-public-ca' to true");
	}

	@Test
	void clientAuthNoneDoesNotStart(CapturedOutput output) {
		Map<String, Object> properties = properties(pki.serverProperties());
		properties.put("server.ssl.client-auth", "none");
		assertThatException().isThrownBy(() -> run(properties));
		assertThat(output).contains("APPLICATION FAILED TO START", "The server does not ask for client certificates",
				"Property: server.ssl.client-auth", "Set 'server.ssl.client-auth' to need");
	}

	@Test
	void applicationWithoutPinnedIdentitiesDoesNotStart(CapturedOutput output) {
		Map<String, Object> properties = properties(pki.serverProperties());
		properties.remove("mtls.identities.orders.subject-dn");
		assertThatException().isThrownBy(() -> run(properties));
		assertThat(output).contains("APPLICATION FAILED TO START", "No client identity is pinned",
				"set 'mtls.allow-empty' to true");
	}

	@Test
	void expiredTrustAnchorDoesNotStart(CapturedOutput output) {
		TestCertificate expired = TestCertificate.authority("CN=Retired CA,O=Acme").expired().build();
		Map<String, Object> properties = properties(pki.serverProperties(expired));
		assertThatException().isThrownBy(() -> run(properties));
		assertThat(output).contains("APPLICATION FAILED TO START", "A trust anchor is expired",
				"Certificate: CN=Retired CA,O=Acme", "SHA-256:     " + expired.sha256(), "Remove the certificate");
	}

	@Test
	void developmentPkiInAProdRunDoesNotStart(CapturedOutput output) {
		TestCertificate developmentRoot = TestCertificate.authority(DevelopmentPkiAudit.DEVELOPMENT_ROOT_DN).build();
		Map<String, Object> properties = properties(pki.serverProperties(developmentRoot));
		assertThatException().isThrownBy(() -> run(properties, "prod"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"The sample app's development PKI is used in a production run",
				"SHA-256:     " + developmentRoot.sha256(), "Use the production PKI");
	}

	@Test
	void documentedOverridesStart(CapturedOutput output) {
		TestCertificate expired = TestCertificate.authority("CN=Retired CA,O=Acme").expired().build();
		TestCertificate developmentRoot = TestCertificate.authority(DevelopmentPkiAudit.DEVELOPMENT_ROOT_DN).build();
		Map<String, Object> properties = properties(pki.serverProperties());
		properties.remove("mtls.identities.orders.subject-dn");
		properties.put("spring.ssl.bundle.pem.mtls-test.truststore.certificate", pki.root().certificatePem()
				+ JdkCacerts.rootPem() + expired.certificatePem() + developmentRoot.certificatePem());
		properties.put("mtls.allow-empty", "true");
		properties.put("mtls.trust.allow-public-ca", "true");
		properties.put("mtls.audit.allow-expired-certificates", "true");
		properties.put("mtls.audit.allow-development-pki", "true");
		properties.put("server.ssl.client-auth", "none");
		properties.put("mtls.proxy.enabled", "true");
		properties.put("mtls.proxy.trusted-proxies", "127.0.0.1");
		try (ConfigurableApplicationContext context = run(properties, "prod")) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output).contains("mode:        proxy (mtls.proxy.enabled)", "allowed by mtls.trust.allow-public-ca",
				"allowed by mtls.allow-empty", "allowed by mtls.audit.allow-expired-certificates",
				"allowed by mtls.audit.allow-development-pki");
	}

	private static Map<String, Object> properties(Map<String, String> server) {
		Map<String, Object> properties = new LinkedHashMap<>(server);
		properties.put("mtls.identities.orders.subject-dn", "CN=orders,O=Acme");
		return properties;
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties, String... profiles) {
		return new SpringApplicationBuilder(App.class).properties(properties).profiles(profiles).run();
	}

	/** Runs with the prod / nonprod anchor pinning of the test resources' {@code segregation/}. */
	private static ConfigurableApplicationContext runSegregated(Map<String, Object> properties, String profile) {
		return new SpringApplicationBuilder(App.class).properties(properties)
			.profiles(profile)
			.run("--spring.config.additional-location=classpath:segregation/");
	}

	/** An application with the auto-configuration only: no component scan. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
