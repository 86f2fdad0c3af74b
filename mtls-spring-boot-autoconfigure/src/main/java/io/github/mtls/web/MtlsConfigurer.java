package io.github.mtls.web;

import java.util.function.Supplier;

import io.github.mtls.audit.SuccessEvents;
import io.github.mtls.core.AuthenticationPipeline;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * Secures a filter chain with pinned-identity mTLS. Apps that define their own
 * {@code SecurityFilterChain} switch it on with one line:
 *
 * <pre>{@code
 * http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
 * }</pre>
 *
 * <h2>CSRF</h2>
 * The configurer leaves Spring Security's CSRF protection as the chain sets it: a browser presents
 * its client certificate as automatically as a cookie, so a cross-site form could ride on it. A
 * chain serving machine clients only (no browser holds the certificates) turns it off with
 * {@code http.csrf((csrf) -> csrf.disable())}, as the auto-configured chain does. While it is on, a
 * state-changing request without a CSRF token is refused as {@code csrf_rejected} (403), never as
 * {@code access_denied}, and the refusal drops the session its token repository created.
 *
 * <h2>A lean chain for machine clients</h2>
 * With {@code http.with(MtlsConfigurer.mtls(), (mtls) -> mtls.leanChain())} the chain keeps only what
 * a stateless mTLS API needs, as the auto-configured chain does: the security context for the
 * request only (a request attribute, so an error dispatch keeps the identity), the response headers
 * that still matter for an API ({@code X-Content-Type-Options}, {@code Cache-Control}, HSTS), the
 * starter's authentication, exception translation to RFC 9457 problems and authorization. It removes
 * session management, the request cache, anonymous authentication, logout, the servlet-API
 * integration and the default login pages, and the browser-only {@code X-Frame-Options} and
 * {@code X-XSS-Protection} headers. Without it the chain keeps Spring Security's defaults.
 *
 * <h2>Filters added</h2>
 * <ul>
 * <li>{@link MtlsAuthenticationFilter}, just before Spring Security's {@link CsrfFilter}, so that
 * every later refusal of the request (CSRF, authorization, the second factor) carries the
 * certificate's decision, and a refused certificate keeps its own reason code</li>
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
 * exception-handling defaults, so refusals are RFC 9457 problems with a reason code, published once
 * through the {@link RequestRefusals} bean</li>
 * <li>no event publisher on the {@link AuthorizationFilter}: its denials reach the access-denied
 * handler or the entry point, which publish them once, with the certificate (Spring's own publisher
 * would publish a refused certificate a second time, as an anonymous authorization denial)</li>
 * </ul>
 *
 * @param <H> the security builder
 */
public final class MtlsConfigurer<H extends HttpSecurityBuilder<H>> extends AbstractHttpConfigurer<MtlsConfigurer<H>, H> {

	private static final AuthorizationEventPublisher NO_AUTHORIZATION_EVENTS = new AuthorizationEventPublisher() {

		@Override
		public <T> void publishAuthorizationEvent(Supplier<Authentication> authentication, T object,
				@Nullable AuthorizationResult result) {
		}

	};

	private boolean leanChain;

	/** A configurer to pass to {@code http.with(...)}. */
	public static <H extends HttpSecurityBuilder<H>> MtlsConfigurer<H> mtls() {
		return new MtlsConfigurer<>();
	}

	/**
	 * Keeps only the filters a stateless mTLS API needs (see the class documentation): no session,
	 * request cache, anonymous, logout or servlet-API-integration filters.
	 * @return this configurer
	 */
	public MtlsConfigurer<H> leanChain() {
		this.leanChain = true;
		return this;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(H http) {
		if (this.leanChain) {
			LeanChain.apply(http);
		}
		RequestRefusals refusals = refusals(http);
		ExceptionHandlingConfigurer<H> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions != null) {
			exceptions.defaultAuthenticationEntryPointFor(new MtlsAuthenticationEntryPoint(refusals), (request) -> true);
			exceptions.defaultAccessDeniedHandlerFor(new MtlsAccessDeniedHandler(refusals), (request) -> true);
		}
		AuthorizeHttpRequestsConfigurer<H> authorize = http.getConfigurer(AuthorizeHttpRequestsConfigurer.class);
		if (authorize != null) {
			authorize.withObjectPostProcessor(new ObjectPostProcessor<AuthorizationFilter>() {

				@Override
				public <O extends AuthorizationFilter> O postProcess(O filter) {
					filter.setAuthorizationEventPublisher(NO_AUTHORIZATION_EVENTS);
					return filter;
				}

			});
		}
	}

	/** The {@link RequestRefusals} bean, or one of the chain's own when the application has none. */
	static RequestRefusals refusals(HttpSecurityBuilder<?> http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		return context.getBeanProvider(RequestRefusals.class)
			.getIfAvailable(() -> new RequestRefusals(context.getBean(AuthenticationPipeline.class), context));
	}

	@Override
	public void configure(H http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		MtlsAuthenticationFilter filter = new MtlsAuthenticationFilter(context.getBean(AuthenticationPipeline.class),
				context.getBean(ClientCertificateResolver.class), context.getBean(UserDetailsService.class),
				refusals(http), context);
		context.getBeanProvider(SuccessEvents.class).ifAvailable(filter::setSuccessEvents);
		SecurityContextHolderStrategy strategy = http.getSharedObject(SecurityContextHolderStrategy.class);
		if (strategy != null) {
			filter.setSecurityContextHolderStrategy(strategy);
		}
		http.addFilterBefore(postProcess(filter), CsrfFilter.class);
	}

}
