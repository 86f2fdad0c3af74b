package io.github.mtls.autoconfigure;

import java.time.Clock;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.factor.BoundTokenPolicy;
import io.github.mtls.factor.IdentitySecrets;
import io.github.mtls.factor.SecondFactorRequirement;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.web.BearerTokenAuthenticator;
import io.github.mtls.web.ClientSecretAuthenticator;
import io.github.mtls.web.JwtRejectedTokenClaims;
import io.github.mtls.web.SecondFactorAuthenticator;
import io.github.mtls.web.SecondFactorConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A second factor bound to the certificate's identity ({@code mtls.second-factor.*}): compiles
 * and validates the configuration, and provides the {@link SecondFactorAuthenticator} that
 * {@link SecondFactorConfigurer} applies to the chain: {@link BearerTokenAuthenticator} over
 * Spring Security's resource server ({@code spring.security.oauth2.resourceserver.*}) or
 * {@link ClientSecretAuthenticator}.
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class })
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties(SecondFactorProperties.class)
public final class SecondFactorAutoConfiguration {

	private static final String REQUIRED = "mtls.second-factor.required";

	@Bean
	@ConditionalOnMissingBean
	SecondFactorRequirement mtlsSecondFactorRequirement(SecondFactorProperties properties, IdentityIndex identities) {
		return SecondFactors.requirement(properties, identities);
	}

	// The factor beans take the SecondFactorRequirement so the whole configuration is validated first.

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = REQUIRED, havingValue = "secret")
	static class SecretConfiguration {

		/**
		 * Verifies {@code {id}}-prefixed hashes with the application's {@link PasswordEncoder} bean
		 * when it defines one (as Spring Security's own user authentication does), else with a
		 * {@code DelegatingPasswordEncoder}.
		 */
		@Bean
		@ConditionalOnMissingBean
		IdentitySecrets mtlsIdentitySecrets(SecondFactorRequirement validated, SecondFactorProperties properties,
				ObjectProvider<PasswordEncoder> encoder, AuthenticationPipeline pipeline) {
			return SecondFactors.secrets(properties,
					encoder.getIfAvailable(PasswordEncoderFactories::createDelegatingPasswordEncoder), pipeline.clock());
		}

		@Bean
		@ConditionalOnMissingBean(SecondFactorAuthenticator.class)
		ClientSecretAuthenticator mtlsClientSecretAuthenticator(IdentitySecrets secrets, SecondFactorProperties properties,
				AuthenticationPipeline pipeline) {
			return new ClientSecretAuthenticator(secrets, properties.getSecretHeader(), pipeline.clock());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = REQUIRED, havingValue = "bearer")
	@ConditionalOnClass(BearerTokenAuthenticationToken.class)
	static class BearerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BoundTokenPolicy mtlsBoundTokenPolicy(SecondFactorRequirement validated, SecondFactorProperties properties) {
			return SecondFactors.tokenPolicy(properties);
		}

		@Bean
		@ConditionalOnMissingBean(SecondFactorAuthenticator.class)
		BearerTokenAuthenticator mtlsBearerTokenAuthenticator(BoundTokenPolicy policy, AuthenticationPipeline pipeline,
				ObjectProvider<OpaqueTokenIntrospector> introspector,
				ObjectProvider<OpaqueTokenAuthenticationConverter> introspectionConverter,
				ApplicationContext context) {
			Clock clock = pipeline.clock();
			BearerTokenAuthenticator jwt = Jwts.PRESENT ? Jwts.authenticator(context, policy, clock) : null;
			if (jwt != null) {
				return jwt;
			}
			OpaqueTokenIntrospector tokens = introspector.getIfAvailable();
			if (tokens == null) {
				throw new InvalidMtlsPropertyException(REQUIRED, "bearer",
						"no resource-server token decoder or introspector is configured",
						"Set spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri (or "
								+ "opaquetoken.introspection-uri), or define a JwtDecoder bean.");
			}
			OpaqueTokenAuthenticationProvider provider = new OpaqueTokenAuthenticationProvider(tokens);
			introspectionConverter.ifAvailable(provider::setAuthenticationConverter);
			return new BearerTokenAuthenticator(provider, policy, BearerTokenAuthenticator.RejectedTokenClaims.NONE,
					clock);
		}

		/** JWT support, loaded only when spring-security-oauth2-jose is on the class path. */
		private static final class Jwts {

			static final boolean PRESENT = org.springframework.util.ClassUtils
				.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder", Jwts.class.getClassLoader());

			@SuppressWarnings("unchecked")
			static @Nullable BearerTokenAuthenticator authenticator(ApplicationContext context, BoundTokenPolicy policy,
					Clock clock) {
				JwtDecoder decoder = context.getBeanProvider(JwtDecoder.class).getIfUnique();
				if (decoder == null) {
					return null;
				}
				JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
				// Boot's JwtAuthenticationConverter bean (authority-prefix, authorities-claim-name) when defined.
				context.getBeanProvider(org.springframework.core.ResolvableType.forClassWithGenerics(Converter.class,
						Jwt.class, AbstractAuthenticationToken.class))
					.ifUnique((converter) -> provider
						.setJwtAuthenticationConverter((Converter<Jwt, AbstractAuthenticationToken>) converter));
				return new BearerTokenAuthenticator(provider, policy, new JwtRejectedTokenClaims(), clock);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = REQUIRED, havingValue = "bearer")
	@ConditionalOnMissingClass("org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken")
	static class BearerUnavailableConfiguration {

		@Bean
		SecondFactorAuthenticator mtlsBearerUnavailable() {
			throw new InvalidMtlsPropertyException(REQUIRED, "bearer", "Spring Security's resource server is not on the class path",
					"Add the dependency org.springframework.boot:spring-boot-starter-security-oauth2-resource-server.");
		}

	}

}
