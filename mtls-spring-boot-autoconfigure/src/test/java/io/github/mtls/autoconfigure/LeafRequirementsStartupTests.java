package io.github.mtls.autoconfigure;

import io.github.mtls.policy.CertificatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LeafRequirementsStartupTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class))
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders");

	@Test
	void policyChecksTheDefaultsWhenNothingIsSet() {
		this.contextRunner.run((context) -> assertThat(context.getBean(CertificatePolicy.class).requirements())
			.hasToString("extended-key-usage=[clientAuth] when present, key-usage=[digitalSignature] when present"));
	}

	@Test
	void policyChecksTheConfiguredRequirements() {
		this.contextRunner
			.withPropertyValues("mtls.policy.extended-key-usage=server-auth, 1.3.6.1.4.1.55555.7",
					"mtls.policy.key-usage=any")
			.run((context) -> assertThat(context.getBean(CertificatePolicy.class).requirements())
				.hasToString("extended-key-usage=[serverAuth, 1.3.6.1.4.1.55555.7], key-usage=any"));
	}

	@ParameterizedTest(name = "{0}={1} fails startup naming {2}")
	@CsvSource(delimiter = '|', value = {
			"mtls.policy.extended-key-usage|client-auth,clientAuthentication|mtls.policy.extended-key-usage[1]|not a known",
			"mtls.policy.extended-key-usage|1.3.6.1.5.5.7.3.|mtls.policy.extended-key-usage[0]|not a valid OID",
			"mtls.policy.extended-key-usage|''|mtls.policy.extended-key-usage|must not be empty",
			"mtls.policy.extended-key-usage|any,server-auth|mtls.policy.extended-key-usage[0]|cannot be combined",
			"mtls.policy.key-usage|digital-signature,key-cert-sign|mtls.policy.key-usage[1]|never a CA",
			"mtls.policy.key-usage|sign|mtls.policy.key-usage[0]|not a known key usage",
			"mtls.policy.key-usage|''|mtls.policy.key-usage|must not be empty" })
	void badValueFailsStartupNamingTheProperty(String property, String value, String named, String problem) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'" + named + "'").contains(problem);
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidMtlsPropertyException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidMtlsPropertyException in the cause chain of %s", failure).isNotNull();
		FailureAnalysis analysis = new InvalidMtlsPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
