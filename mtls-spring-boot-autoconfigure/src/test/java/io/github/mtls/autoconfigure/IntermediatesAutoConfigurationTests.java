package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.github.mtls.path.ValidatedChains;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.policy.Intermediates;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.trust.intermediates.*}: CA certificates path building may use, validated at startup
 * with a failure that names the property.
 */
class IntermediatesAutoConfigurationTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate client = TestCertificate.client("CN=orders,O=Acme").signedBy(issuingCa).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders,O=Acme",
				"spring.ssl.bundle.pem.clients.truststore.certificate=" + pki.root().certificatePem(),
				"mtls.trust.bundle=clients");

	@TempDir
	Path directory;

	@Test
	void leafSentAloneIsValidatedThroughAConfiguredIntermediateFile() throws IOException {
		this.contextRunner.withPropertyValues(
				"mtls.trust.intermediates.locations=" + file("issuing.pem", issuingCa.certificatePem()))
			.run((context) -> {
				assertThat(context.getBean(Intermediates.class).certificates())
					.containsExactly(issuingCa.certificate());
				assertThat(context.getBean(ValidatedChains.class)
					.validate(new java.security.cert.X509Certificate[] { client.certificate() }, Instant.now(), true))
					.isInstanceOf(PathVerdict.Valid.class);
			});
	}

	@Test
	void withoutIntermediatesTheLeafSentAloneIsUntrusted() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Intermediates.class).certificates()).isEmpty();
			assertThat(context.getBean(ValidatedChains.class)
				.validate(new java.security.cert.X509Certificate[] { client.certificate() }, Instant.now(), true))
				.isInstanceOfSatisfying(PathVerdict.Invalid.class,
						(invalid) -> assertThat(invalid.refusal().reason().code()).isEqualTo("certificate_untrusted"));
		});
	}

	@Test
	void intermediatesFromAnSslBundleAreRead() {
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.issuers.truststore.certificate=" + issuingCa.certificatePem(),
					"mtls.trust.intermediates.bundle=issuers")
			.run((context) -> assertThat(context.getBean(Intermediates.class).certificates())
				.containsExactly(issuingCa.certificate()));
	}

	@Test
	void fileThatIsNotPemFailsStartupNamingTheProperty() throws IOException {
		assertFails("mtls.trust.intermediates.locations=" + file("garbage.pem", "not a certificate"),
				"mtls.trust.intermediates.locations[0]", "holds no PEM certificate");
	}

	@Test
	void missingFileFailsStartupNamingTheProperty() {
		assertFails("mtls.trust.intermediates.locations=file:" + this.directory.resolve("absent.pem"),
				"mtls.trust.intermediates.locations[0]", "cannot be read");
	}

	@Test
	void certificateThatIsNotACaFailsStartupNamingTheProperty() throws IOException {
		assertFails("mtls.trust.intermediates.locations=" + file("leaf.pem", client.certificatePem()),
				"mtls.trust.intermediates.locations[0]", "\"CN=orders,O=Acme\" is not a CA certificate");
	}

	@Test
	void selfSignedRootFailsStartupBecauseIntermediatesNeverEndAPath() throws IOException {
		assertFails("mtls.trust.intermediates.locations=" + file("root.pem", pki.root().certificatePem()),
				"mtls.trust.intermediates.locations[0]", "is a self-signed root");
	}

	@Test
	void unknownBundleFailsStartupNamingTheProperty() {
		assertFails("mtls.trust.intermediates.bundle=nowhere", "mtls.trust.intermediates.bundle",
				"no SSL bundle of that name");
	}

	@Test
	void expiredIntermediateIsKeptWithAWarning() throws IOException {
		TestCertificate expired = TestCertificate.authority("CN=Old Issuing CA,O=Acme")
			.expired()
			.signedBy(pki.root())
			.build();
		this.contextRunner.withPropertyValues(
				"mtls.trust.intermediates.locations=" + file("old.pem", expired.certificatePem()))
			.run((context) -> assertThat(context.getBean(Intermediates.class).certificates())
				.containsExactly(expired.certificate()));
	}

	private void assertFails(String setting, String property, String problem) {
		this.contextRunner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidMtlsPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(property).contains(problem);
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	private String file(String name, String content) throws IOException {
		Path file = this.directory.resolve(name);
		Files.writeString(file, content);
		return "file:" + file;
	}

}
