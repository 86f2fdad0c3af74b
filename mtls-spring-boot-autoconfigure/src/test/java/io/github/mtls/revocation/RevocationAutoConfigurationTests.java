package io.github.mtls.revocation;

import io.github.mtls.autoconfigure.InvalidMtlsPropertyException;
import io.github.mtls.autoconfigure.MtlsAutoConfiguration;
import io.github.mtls.autoconfigure.RevocationAutoConfiguration;
import io.github.mtls.core.ChainCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-off and startup validation of {@link RevocationAutoConfiguration}, without a
 * server.
 */
class RevocationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, RevocationAutoConfiguration.class));

	@Test
	void revocationCheckingIsOnByDefaultAsAChainCheckAndAnObserver() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RevocationChecker.class);
			assertThat(context.getBeansOfType(ChainCheck.class)).hasSize(1);
			assertThat(context.getBean(RevocationObserver.class).snapshot().mode()).isEqualTo("ocsp-then-crl");
			assertThat(context.getBean(RevocationChecker.class).settings()).isEqualTo(RevocationSettings.defaults());
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("mtls.revocation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RevocationChecker.class));
	}

	@Test
	void bindsMetersWhenMicrometerIsPresent() {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(RevocationMetrics.class).bindTo(registry);
			assertThat(registry.find("mtls.revocation.checks").tags("source", "ocsp", "result", "good").functionCounter())
				.isNotNull();
			assertThat(registry.find("mtls.revocation.fetches").functionTimers()).hasSize(4);
			assertThat(registry.find("cache.size").tag("cache", "mtls.revocation.statuses").gauge()).isNotNull();
		});
	}

	@Test
	void propertiesAreCompiledIntoSettings() {
		this.runner
			.withPropertyValues("mtls.revocation.mode=crl-then-ocsp", "mtls.revocation.failure-policy=fail-open",
					"mtls.revocation.ocsp.responder-url=http://ocsp.example.com/", "mtls.revocation.crl.max-size=2MB",
					"mtls.revocation.cache.max-ttl=1m", "mtls.revocation.stale-if-error=1h")
			.run((context) -> {
				RevocationSettings settings = context.getBean(RevocationChecker.class).settings();
				assertThat(settings.mode()).isEqualTo(RevocationMode.CRL_THEN_OCSP);
				assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.FAIL_OPEN);
				assertThat(settings.ocspResponderUrl()).hasToString("http://ocsp.example.com/");
				assertThat(settings.crlMaxSize()).isEqualTo(2L * 1024 * 1024);
				assertThat(settings.cacheMaxTtl()).hasMinutes(1);
				assertThat(settings.staleIfError()).hasHours(1);
			});
	}

	@ParameterizedTest(name = "{0}={1} stops startup")
	@CsvSource({ "mtls.revocation.ocsp.timeout, 0s", "mtls.revocation.crl.timeout, -1s",
			"mtls.revocation.cache.max-ttl, 0s", "mtls.revocation.cache.max-size, 0",
			"mtls.revocation.stale-if-error, -1m", "mtls.revocation.crl.max-size, 0B",
			"mtls.revocation.ocsp.responder-url, ldap://ocsp.example.com",
			"mtls.revocation.crl.urls[0], not a url", "mtls.revocation.crl.files[0], /no/such/file.crl",
			"mtls.revocation.ocsp.responder-certificate, classpath:no-such.pem" })
	void invalidPropertyStopsStartupNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidMtlsPropertyException.class)
				.hasMessageContaining(property);
		});
	}

}
