package io.github.mtls.autoconfigure;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.factor.SecondFactorRequirement;
import io.github.mtls.web.BearerTokenAuthenticator;
import io.github.mtls.web.BoundTokenVerdicts;
import io.github.mtls.web.ClientSecretAuthenticator;
import io.github.mtls.web.JwtRejectedTokenClaims;
import io.github.mtls.web.reactive.ServerBearerTokenAuthenticator;
import io.github.mtls.web.reactive.ServerClientSecretAuthenticator;
import io.github.mtls.web.reactive.ServerSecondFactor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.ClassUtils;

/**
 * The second factor on WebFlux, from the same {@code mtls.second-factor.*} properties and the same
 * validation ({@link SecondFactors}) as the servlet side: the {@link ServerSecondFactor} that
 * {@code MtlsServerSecurity} applies, over Spring Security's reactive resource server
 * ({@code ReactiveJwtDecoder} or a reactive opaque-token introspector) for {@code bearer}, or the
 * identities' stored secrets for {@code secret}.
 */
// Neither before nor after the reactive web security: MtlsServerSecurity looks the factor up when it
// is created, and the resource server's decoder is looked up when the factor is.
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ServerHttpSecurity.class)
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties(SecondFactorProperties.class)
public final class ReactiveSecondFactorAutoConfiguration {

	private static final String REQUIRED = "mtls.second-factor.required";

	@Bean
	@ConditionalOnMissingBean
	SecondFactorRequirement mtlsSecondFactorRequirement(SecondFactorProperties properties, IdentityIndex identities) {
		return SecondFactors.requirement(properties, identities);
	}

	// Both factor beans take the SecondFactorRequirement so the whole configuration is validated first.

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = REQUIRED, havingValue = "secret")
	ServerSecondFactor mtlsServerClientSecret(SecondFactorRequirement validated, SecondFactorProperties properties,
			ObjectProvider<PasswordEncoder> encoder, AuthenticationPipeline pipeline) {
		return new ServerClientSecretAuthenticator(new ClientSecretAuthenticator(
				SecondFactors.secrets(properties,
						encoder.getIfAvailable(PasswordEncoderFactories::createDelegatingPasswordEncoder),
						pipeline.clock()),
				properties.getSecretHeader(), pipeline.clock()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = REQUIRED, havingValue = "bearer")
	ServerSecondFactor mtlsServerBearerToken(SecondFactorRequirement validated, SecondFactorProperties properties,
			AuthenticationPipeline pipeline, ApplicationContext context) {
		if (!ResourceServer.PRESENT) {
			throw new InvalidMtlsPropertyException(REQUIRED, "bearer",
					"Spring Security's resource server is not on the class path",
					"Add the dependency org.springframework.boot:spring-boot-starter-security-oauth2-resource-server.");
		}
		ServerSecondFactor tokens = ResourceServer.authenticator(context, properties, pipeline);
		if (tokens == null) {
			throw new InvalidMtlsPropertyException(REQUIRED, "bearer",
					"no reactive resource-server token decoder or introspector is configured",
					"Set spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri (or "
							+ "opaquetoken.introspection-uri), or define a ReactiveJwtDecoder bean.");
		}
		return tokens;
	}

	/** The reactive resource server, loaded only when it is on the class path. */
	private static final class ResourceServer {

		static final boolean PRESENT = ClassUtils.isPresent(
				"org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken",
				ResourceServer.class.getClassLoader());

		static final boolean JWT = ClassUtils.isPresent("org.springframework.security.oauth2.jwt.ReactiveJwtDecoder",
				ResourceServer.class.getClassLoader());

		static @Nullable ServerSecondFactor authenticator(ApplicationContext context, SecondFactorProperties properties,
				AuthenticationPipeline pipeline) {
			org.springframework.security.authentication.ReactiveAuthenticationManager tokens = null;
			BearerTokenAuthenticator.RejectedTokenClaims rejected = BearerTokenAuthenticator.RejectedTokenClaims.NONE;
			if (JWT) {
				org.springframework.security.oauth2.jwt.ReactiveJwtDecoder decoder = context
					.getBeanProvider(org.springframework.security.oauth2.jwt.ReactiveJwtDecoder.class)
					.getIfUnique();
				if (decoder != null) {
					tokens = new org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager(
							decoder);
					rejected = new JwtRejectedTokenClaims();
				}
			}
			if (tokens == null) {
				org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector introspector = context
					.getBeanProvider(
							org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector.class)
					.getIfUnique();
				if (introspector == null) {
					return null;
				}
				tokens = new org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenReactiveAuthenticationManager(
						introspector);
			}
			return new ServerBearerTokenAuthenticator(tokens,
					new BoundTokenVerdicts(SecondFactors.tokenPolicy(properties), rejected, pipeline.clock()));
		}

	}

}
