package io.github.mtls.autoconfigure;

import io.github.mtls.factor.IdentitySecrets;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.factor.SecondFactorKind;
import io.github.mtls.factor.SecondFactorRequirement;
import io.github.mtls.web.BearerTokenAuthenticator;
import io.github.mtls.web.ClientSecretAuthenticator;
import io.github.mtls.web.SecondFactorAuthenticator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions, back-offs and startup refusals of {@link SecondFactorAutoConfiguration}, without a server. */
class SecondFactorAutoConfigurationTests {

	private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	private static final String BCRYPT = "{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy.fqvM/BG";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, SecondFactorAutoConfiguration.class))
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders");

	@Test
	void requiresNoSecondFactorByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SecondFactorRequirement.class)
				.doesNotHaveBean(SecondFactorAuthenticator.class);
			assertThat(context.getBean(SecondFactorRequirement.class).kind()).isEqualTo(SecondFactorKind.NONE);
		});
	}

	@Test
	void secretRequirementProvidesTheClientSecretAuthenticator() {
		this.runner
			.withPropertyValues("mtls.second-factor.required=secret", "mtls.identities.orders.secret-sha256=" + SHA256,
					"mtls.second-factor.paths=/api/**")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClientSecretAuthenticator.class);
				assertThat(context.getBean(SecondFactorRequirement.class).paths()).containsExactly("/api/**");
			});
	}

	@Test
	void bearerRequirementUsesTheResourceServersDecoder() {
		this.runner.withBean(JwtDecoder.class, () -> (token) -> {
			throw new BadJwtException("test");
		})
			.withPropertyValues("mtls.second-factor.required=bearer", "mtls.identities.orders.token-subject=orders")
			.run((context) -> assertThat(context).hasSingleBean(BearerTokenAuthenticator.class));
	}

	@Test
	void bearerWithoutDecoderOrIntrospectorFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.second-factor.required=bearer", "mtls.identities.orders.token-subject=orders")
			.run((context) -> assertFailure(context, "mtls.second-factor.required",
					"no resource-server token decoder or introspector"));
	}

	@Test
	void bearerWithoutAnyTokenSubjectFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.second-factor.required=bearer")
			.run((context) -> assertFailure(context, "mtls.second-factor.required", "no identity names a token subject"));
	}

	@Test
	void secretWithoutAnySecretFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.second-factor.required=secret")
			.run((context) -> assertFailure(context, "mtls.second-factor.required", "no identity has a secret"));
	}

	@Test
	void malformedSecretSha256FailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.identities.orders.secret-sha256=not-a-digest")
			.run((context) -> assertFailure(context, "mtls.identities.orders.secret-sha256", "64 hex digits"));
	}

	@Test
	void malformedSecondRotationValueFailsNamingItsIndex() {
		this.runner
			.withPropertyValues("mtls.identities.orders.secret-sha256[0]=" + SHA256,
					"mtls.identities.orders.secret-sha256[1]=" + SHA256.substring(2))
			.run((context) -> assertFailure(context, "mtls.identities.orders.secret-sha256[1]", "64 hex digits"));
	}

	@Test
	void plaintextSecretFailsWithoutEchoingIt() {
		this.runner.withPropertyValues("mtls.identities.orders.secret=hunter2").run((context) -> {
			assertFailure(context, "mtls.identities.orders.secret", "plaintext");
			assertThat(context.getStartupFailure()).rootCause().message().doesNotContain("hunter2");
		});
	}

	@Test
	void noopAndFastHashSecretsFail() {
		this.runner.withPropertyValues("mtls.identities.orders.secret={noop}hunter2")
			.run((context) -> assertFailure(context, "mtls.identities.orders.secret", "not a slow salted password hash"));
		this.runner.withPropertyValues("mtls.identities.orders.secret={MD5}5f4dcc3b5aa765d61d8327deb882cf99")
			.run((context) -> assertFailure(context, "mtls.identities.orders.secret", "not a slow salted password hash"));
	}

	@Test
	void truncatedBcryptHashFails() {
		this.runner.withPropertyValues("mtls.identities.orders.secret=" + BCRYPT.substring(0, 40))
			.run((context) -> assertFailure(context, "mtls.identities.orders.secret", "not a bcrypt hash"));
	}

	@Test
	void wellFormedBcryptHashIsAccepted() {
		this.runner.withPropertyValues("mtls.second-factor.required=secret", "mtls.identities.orders.secret=" + BCRYPT)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ClientSecretAuthenticator.class));
	}

	@Test
	void invalidPathPatternFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.second-factor.paths[0]=/api/{unclosed")
			.run((context) -> assertFailure(context, "mtls.second-factor.paths[0]", ""));
	}

	@Test
	void authorizationHeaderCannotBeTheSecretHeader() {
		this.runner.withPropertyValues("mtls.second-factor.secret-header=Authorization")
			.run((context) -> assertFailure(context, "mtls.second-factor.secret-header", "API key"));
	}

	@Test
	void negativeRememberedVerificationTtlFails() {
		this.runner.withPropertyValues("mtls.second-factor.remembered-verification-ttl=-1s")
			.run((context) -> assertFailure(context, "mtls.second-factor.remembered-verification-ttl", "negative"));
	}

	@Test
	void readmeSampleSecretsVerifyTheirDocumentedValues() {
		this.runner
			.withPropertyValues("mtls.second-factor.required=secret", "mtls.identities.ops.subject-dn=CN=ops",
					"mtls.identities.orders.secret-sha256=4097c00350b33ff3a33546959854858d2e1ca3774663b77ee764ae4bec7f75f0",
					"mtls.identities.ops.secret={bcrypt}$2y$10$lgBha6GTeoJ8XUv617hV5eTERiaH5eZUZG5dFfl8NzL3PuaTsY5Y.")
			.run((context) -> {
				IdentitySecrets secrets = context.getBean(IdentitySecrets.class);
				IdentityIndex identities = context.getBean(CurrentConfiguration.class).get().identities();
				assertThat(secrets.matches(identities.get("orders"), "00", "dev-orders-secret-DO-NOT-USE")).isTrue();
				assertThat(secrets.matches(identities.get("ops"), "00", "dev ops passphrase DO NOT USE")).isTrue();
				assertThat(secrets.matches(identities.get("ops"), "00", "dev-orders-secret-DO-NOT-USE")).isFalse();
			});
	}

	@Test
	void backsOffWhenMtlsIsDisabled() {
		this.runner.withPropertyValues("mtls.enabled=false", "mtls.second-factor.required=secret")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SecondFactorRequirement.class));
	}

	private static void assertFailure(AssertableWebApplicationContext context, String property, String problem) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOf(InvalidMtlsPropertyException.class)
			.satisfies((ex) -> {
				assertThat(((InvalidMtlsPropertyException) ex).getProperty()).isEqualTo(property);
				assertThat(((InvalidMtlsPropertyException) ex).getProblem()).contains(problem);
			});
	}

}
