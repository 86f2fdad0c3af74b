package io.github.mtls.web;

import io.github.mtls.core.AuthenticationPipeline;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;

/**
 * Secures a filter chain with pinned-identity mTLS. Apps that define their own
 * {@code SecurityFilterChain} switch it on with one line:
 *
 * <pre>{@code
 * http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
 * }</pre>
 *
 * <h2>Filters added</h2>
 * <ul>
 * <li>{@link MtlsAuthenticationFilter}, just before the position of Spring Security's
 * {@link X509AuthenticationFilter}</li>
 * </ul>
 *
 * <h2>Shared objects and beans used</h2>
 * <ul>
 * <li>{@link AuthenticationPipeline}, {@link ClientCertificateResolver} and
 * {@link UserDetailsService} beans from the {@link ApplicationContext}</li>
 * <li>{@link SecurityContextHolderStrategy}</li>
 * </ul>
 *
 * <h2>Shared objects set</h2>
 * <ul>
 * <li>the {@link MtlsAuthenticationEntryPoint} and {@link MtlsAccessDeniedHandler} as the
 * exception-handling defaults, so refusals are RFC 9457 problems with a reason code</li>
 * </ul>
 *
 * @param <H> the security builder
 */
public final class MtlsConfigurer<H extends HttpSecurityBuilder<H>> extends AbstractHttpConfigurer<MtlsConfigurer<H>, H> {

	private final MtlsAuthenticationEntryPoint entryPoint = new MtlsAuthenticationEntryPoint();

	private final MtlsAccessDeniedHandler accessDeniedHandler = new MtlsAccessDeniedHandler();

	/** A configurer to pass to {@code http.with(...)}. */
	public static <H extends HttpSecurityBuilder<H>> MtlsConfigurer<H> mtls() {
		return new MtlsConfigurer<>();
	}

	@Override
	public void init(H http) {
		@SuppressWarnings("unchecked")
		ExceptionHandlingConfigurer<H> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions != null) {
			exceptions.defaultAuthenticationEntryPointFor(this.entryPoint, (request) -> true);
			exceptions.defaultAccessDeniedHandlerFor(this.accessDeniedHandler, (request) -> true);
		}
	}

	@Override
	public void configure(H http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		MtlsAuthenticationFilter filter = new MtlsAuthenticationFilter(context.getBean(AuthenticationPipeline.class),
				context.getBean(ClientCertificateResolver.class), context.getBean(UserDetailsService.class),
				context);
		SecurityContextHolderStrategy strategy = http.getSharedObject(SecurityContextHolderStrategy.class);
		if (strategy != null) {
			filter.setSecurityContextHolderStrategy(strategy);
		}
		http.addFilterBefore(postProcess(filter), X509AuthenticationFilter.class);
	}

}
