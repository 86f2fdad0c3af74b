package io.github.mtls.autoconfigure;

import java.util.List;

import io.github.mtls.actuate.AuthenticationMetrics;
import io.github.mtls.actuate.CertificateExpiryMetrics;
import io.github.mtls.actuate.CertificateInventory;
import io.github.mtls.actuate.ClientActivity;
import io.github.mtls.actuate.ExpiryWarnings;
import io.github.mtls.actuate.MtlsEndpoint;
import io.github.mtls.actuate.MtlsHealthIndicator;
import io.github.mtls.identity.IdentityIndex;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-offs and startup refusals of {@link MtlsActuatorAutoConfiguration}, and the
 * health-details defaults of {@link ActuatorAccessDefaults}.
 */
class MtlsActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MtlsAutoConfiguration.class, MtlsActuatorAutoConfiguration.class));

	@Test
	void registersObserversHealthAndMetricsWhenActuatorIsPresent() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ClientActivity.class)
			.hasSingleBean(CertificateInventory.class)
			.hasSingleBean(ExpiryWarnings.class)
			.hasSingleBean(MtlsHealthIndicator.class)
			.hasSingleBean(AuthenticationMetrics.class)
			.hasSingleBean(CertificateExpiryMetrics.class)
			.doesNotHaveBean(MtlsEndpoint.class));
	}

	@Test
	void registersTheEndpointWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=mtls")
			.run((context) -> assertThat(context).hasSingleBean(MtlsEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientActivity.class)
				.doesNotHaveBean(MtlsHealthIndicator.class));
	}

	@Test
	void healthContributorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.mtls.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsHealthIndicator.class)
				.hasSingleBean(ClientActivity.class));
	}

	@Test
	void backsOffWhenTheUserDefinesClientActivity() {
		this.runner.withUserConfiguration(OwnActivity.class)
			.run((context) -> assertThat(context).getBean(ClientActivity.class)
				.isSameAs(context.getBean(OwnActivity.class).activity));
	}

	@Test
	void negativeUnmatchedCertificatesStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.actuator.unmatched-certificates=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsPropertyException.class)
				.hasMessageContaining("mtls.actuator.unmatched-certificates"));
	}

	@Test
	void zeroCheckIntervalStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.expiry.check-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mtls.expiry.check-interval"));
	}

	@Test
	void blankHealthStatusStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.expiry.health-status= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mtls.expiry.health-status"));
	}

	@Test
	void healthDetailsDefaultToTheActuatorAuthority() {
		MockEnvironment environment = new MockEnvironment().withProperty("mtls.actuator.authority", "OPS");
		new ActuatorAccessDefaults().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("management.endpoint.health.show-details")).isEqualTo("when-authorized");
		assertThat(environment.getProperty("management.endpoint.health.roles")).isEqualTo("OPS");
	}

	@Test
	void applicationSettingsWinOverTheHealthDetailsDefaults() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.show-details", "always");
		new ActuatorAccessDefaults().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("management.endpoint.health.show-details")).isEqualTo("always");
		assertThat(environment.getProperty("management.endpoint.health.roles")).isEqualTo("ACTUATOR");
	}

	@Test
	void disabledStarterAddsNoHealthDetailsDefaults() {
		MockEnvironment environment = new MockEnvironment().withProperty("mtls.enabled", "false");
		new ActuatorAccessDefaults().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("management.endpoint.health.show-details")).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnActivity {

		final ClientActivity activity = new ClientActivity(new IdentityIndex(List.of()), java.time.Clock.systemUTC(),
				1);

		@Bean
		ClientActivity clientActivity() {
			return this.activity;
		}

	}

}
