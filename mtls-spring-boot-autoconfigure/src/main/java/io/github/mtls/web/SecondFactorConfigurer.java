package io.github.mtls.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.factor.SecondFactorRequirement;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagerFactories;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Requires a second factor bound to the certificate's identity ({@code mtls.second-factor.*}) on
 * a chain secured with {@link MtlsConfigurer}. The auto-configured chain applies it; apps with
 * their own {@code SecurityFilterChain} add one line after the mTLS one:
 *
 * <pre>{@code
 * http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
 * http.with(SecondFactorConfigurer.secondFactor(), Customizer.withDefaults());
 * }</pre>
 *
 * It does nothing while {@code mtls.second-factor.required} is {@code none}. Do not also configure
 * {@code oauth2ResourceServer()} or {@code httpBasic()} on the same chain: this configurer is what
 * reads the token or secret, so the principal stays the certificate's identity.
 *
 * <h2>Filters added</h2>
 * <ul>
 * <li>{@link SecondFactorFilter}, right after the position of {@link X509AuthenticationFilter}
 * (and so after the {@link MtlsAuthenticationFilter}): verifies a presented factor and adds its
 * {@code FACTOR_BEARER} or {@code FACTOR_PASSWORD} authority next to {@code FACTOR_X509}</li>
 * <li>an authorization filter just before {@link AuthorizationFilter}: on the requests
 * {@code mtls.second-factor.paths} cover (all when empty), Spring Security's
 * {@link AuthorizationManagerFactories#multiFactor() multi-factor} rule requires both factor
 * authorities; the application's own rules then apply as usual</li>
 * </ul>
 *
 * <h2>Shared objects and beans used</h2>
 * <ul>
 * <li>the {@link SecondFactorAuthenticator} and {@link SecondFactorRequirement} beans</li>
 * <li>{@link SecurityContextHolderStrategy}</li>
 * </ul>
 *
 * <h2>Shared objects set</h2>
 * <ul>
 * <li>a {@link SecondFactorEntryPoint} for the missing factor authority
 * ({@link ExceptionHandlingConfigurer#defaultDeniedHandlerForMissingAuthority}), answering
 * {@code second_factor_missing} with the factor's {@code WWW-Authenticate} challenge</li>
 * </ul>
 *
 * @param <H> the security builder
 */
public final class SecondFactorConfigurer<H extends HttpSecurityBuilder<H>>
		extends AbstractHttpConfigurer<SecondFactorConfigurer<H>, H> {

	/** A configurer to pass to {@code http.with(...)}. */
	public static <H extends HttpSecurityBuilder<H>> SecondFactorConfigurer<H> secondFactor() {
		return new SecondFactorConfigurer<>();
	}

	/**
	 * The authorization rule requiring the certificate and {@code factorAuthority}, for apps that
	 * want it in their own {@code authorizeHttpRequests} rules as well.
	 */
	public static AuthorizationManager<HttpServletRequest> bothFactors(String factorAuthority) {
		return AuthorizationManagerFactories.<HttpServletRequest>multiFactor()
			.requireFactors(FactorGrantedAuthority.X509_AUTHORITY, factorAuthority)
			.build()
			.authenticated();
	}

	@Override
	public void init(H http) {
		SecondFactorAuthenticator authenticator = authenticator(http);
		if (authenticator == null) {
			return;
		}
		@SuppressWarnings("unchecked")
		ExceptionHandlingConfigurer<H> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions != null) {
			exceptions.defaultDeniedHandlerForMissingAuthority(
					new SecondFactorEntryPoint(MtlsConfigurer.refusals(http), authenticator.factorAuthority(),
							authenticator.challenge(RefusalReason.SECOND_FACTOR_MISSING)),
					authenticator.factorAuthority());
		}
	}

	@Override
	public void configure(H http) {
		SecondFactorAuthenticator authenticator = authenticator(http);
		if (authenticator == null) {
			return;
		}
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		SecondFactorFilter filter = new SecondFactorFilter(authenticator, MtlsConfigurer.refusals(http));
		SecondFactorAuthorizationFilter authorization = new SecondFactorAuthorizationFilter(
				requests(context.getBean(SecondFactorRequirement.class).paths()),
				bothFactors(authenticator.factorAuthority()));
		SecurityContextHolderStrategy strategy = http.getSharedObject(SecurityContextHolderStrategy.class);
		if (strategy != null) {
			filter.setSecurityContextHolderStrategy(strategy);
			authorization.setSecurityContextHolderStrategy(strategy);
		}
		http.addFilterAfter(postProcess(filter), X509AuthenticationFilter.class);
		http.addFilterBefore(postProcess(authorization), AuthorizationFilter.class);
	}

	private static RequestMatcher requests(List<String> paths) {
		if (paths.isEmpty()) {
			return AnyRequestMatcher.INSTANCE;
		}
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.stream().map((path) -> (RequestMatcher) builder.matcher(path)).toList());
	}

	private static @Nullable SecondFactorAuthenticator authenticator(HttpSecurityBuilder<?> http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		return (context != null) ? context.getBeanProvider(SecondFactorAuthenticator.class).getIfAvailable() : null;
	}

}
