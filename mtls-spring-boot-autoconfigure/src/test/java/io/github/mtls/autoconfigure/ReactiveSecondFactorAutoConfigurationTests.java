package io.github.mtls.autoconfigure;

import io.github.mtls.factor.SecondFactorKind;
import io.github.mtls.factor.SecondFactorRequirement;
import io.github.mtls.web.reactive.ServerBearerTokenAuthenticator;
import io.github.mtls.web.reactive.ServerClientSecretAuthenticator;
import io.github.mtls.web.reactive.ServerSecondFactor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and startup refusals of {@link ReactiveSecondFactorAutoConfiguration}, without a
 * server: the same properties and the same validation as the servlet side.
 */
class ReactiveSecondFactorAutoConfigurationTests {

	private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, ReactiveSecondFactorAutoConfiguration.class))
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders");

	@Test
	void requiresNoSecondFactorByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SecondFactorRequirement.class).doesNotHaveBean(ServerSecondFactor.class);
			assertThat(context.getBean(SecondFactorRequirement.class).kind()).isEqualTo(SecondFactorKind.NONE);
		});
	}

	@Test
	void secretRequirementProvidesTheClientSecretFactor() {
		this.runner.withPropertyValues("mtls.second-factor.required=secret", "mtls.identities.orders.secret-sha256=" + SHA256)
			.run((context) -> assertThat(context).getBean(ServerSecondFactor.class)
				.isInstanceOf(ServerClientSecretAuthenticator.class));
	}

	@Test
	void bearerRequirementUsesTheReactiveResourceServersDecoder() {
		this.runner.withBean(ReactiveJwtDecoder.class, () -> (token) -> Mono.error(new BadJwtException("test")))
			.withPropertyValues("mtls.second-factor.required=bearer", "mtls.identities.orders.token-subject=orders")
			.run((context) -> assertThat(context).getBean(ServerSecondFactor.class)
				.isInstanceOf(ServerBearerTokenAuthenticator.class));
	}

	@Test
	void bearerWithoutDecoderOrIntrospectorFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.second-factor.required=bearer", "mtls.identities.orders.token-subject=orders")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidMtlsPropertyException.class)
				.hasMessageContaining("mtls.second-factor.required")
				.hasMessageContaining("no reactive resource-server token decoder or introspector"));
	}

	@Test
	void secretWithoutAnySecretFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.second-factor.required=secret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mtls.second-factor.required")
				.hasMessageContaining("no identity has a secret"));
	}

}
