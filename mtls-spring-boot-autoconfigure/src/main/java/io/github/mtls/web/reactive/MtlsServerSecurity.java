package io.github.mtls.web.reactive;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfException;

/**
 * Secures a {@link ServerHttpSecurity} chain with pinned-identity mTLS: the reactive counterpart of
 * the servlet {@code MtlsConfigurer}. The auto-configured chain applies it; an application with its
 * own {@code SecurityWebFilterChain} applies the auto-configured bean in one line:
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain api(ServerHttpSecurity http, MtlsServerSecurity mtls) {
 *     http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
 *     mtls.customize(http);
 *     return http.build();
 * }
 * }</pre>
 *
 * <h2>What it sets</h2>
 * <ul>
 * <li>{@link MtlsAuthenticationWebFilter} just before Spring Security's CSRF filter, so that every
 * later refusal of the exchange (CSRF, authorization) carries the certificate's decision</li>
 * <li>an entry point and an access-denied handler answering RFC 9457 problems with the reason code
 * through the {@link ServerRequestRefusals}: never an HTTP Basic challenge</li>
 * <li>with {@code mtls.second-factor.required}, the {@link SecondFactorWebFilter} before
 * authorization: the second factor verified and required where the properties say</li>
 * <li>HTTP Basic and form login off, and no security context kept between exchanges (every exchange
 * is authenticated by its certificate)</li>
 * </ul>
 * CSRF protection is left as the chain sets it, as on the servlet side; when it is on, its
 * refusals are answered as {@code csrf_rejected}.
 *
 * <h2>Applied once, before the application's own configuration</h2>
 * Spring Security 7 applies every {@code Customizer<ServerHttpSecurity>} bean, this one among them,
 * to each {@code ServerHttpSecurity} it hands out, before the application configures it. Only the
 * first application to a {@code ServerHttpSecurity} changes it, so calling {@link #customize}
 * again in the application's chain changes nothing, and in particular does not turn CSRF
 * protection back on after the chain disabled it.
 *
 * <h2>A lean chain for machine clients</h2>
 * {@link #leanChain()} removes what only a browser needs on top of the above: the
 * logout filter and the {@code X-Frame-Options} and {@code X-XSS-Protection} headers. The
 * auto-configured chain uses it; see docs/reactive.md.
 */
public final class MtlsServerSecurity implements Customizer<ServerHttpSecurity> {

	private final MtlsAuthenticationWebFilter filter;

	private final ServerRequestRefusals refusals;

	private final @Nullable SecondFactorWebFilter secondFactor;

	/** The chains this customizer was applied to: only the first application to each changes it. */
	private final Set<ServerHttpSecurity> customized = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	public MtlsServerSecurity(MtlsAuthenticationWebFilter filter, ServerRequestRefusals refusals) {
		this(filter, refusals, null);
	}

	/**
	 * @param secondFactor the second factor ({@code mtls.second-factor.*}), or {@code null} for none
	 */
	public MtlsServerSecurity(MtlsAuthenticationWebFilter filter, ServerRequestRefusals refusals,
			@Nullable SecondFactorWebFilter secondFactor) {
		this.filter = filter;
		this.refusals = refusals;
		this.secondFactor = secondFactor;
	}

	@Override
	public void customize(ServerHttpSecurity http) {
		if (!this.customized.add(http)) {
			return;
		}
		http.addFilterBefore(this.filter, SecurityWebFiltersOrder.CSRF);
		if (this.secondFactor != null) {
			// Before authorization, so that the application's own rules see both factors.
			http.addFilterBefore(this.secondFactor, SecurityWebFiltersOrder.AUTHORIZATION);
		}
		http.httpBasic((basic) -> basic.disable());
		http.formLogin((login) -> login.disable());
		http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		http.requestCache((cache) -> cache.disable());
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint())
			.accessDeniedHandler(accessDeniedHandler()));
		// The CSRF filter answers with a handler of its own ("Access Denied" as text), not the one
		// above. Setting it turns CSRF protection on where it was off, so it must come before the
		// application's own configuration, which may still disable it: see the class comment.
		http.csrf((csrf) -> csrf.accessDeniedHandler(accessDeniedHandler()));
	}

	/**
	 * The lean set of a stateless mTLS API on top of this customizer: no logout filter, and of the
	 * response headers only those an API client still reads ({@code X-Content-Type-Options},
	 * {@code Cache-Control}, HSTS).
	 * @return the customizer
	 */
	public Customizer<ServerHttpSecurity> leanChain() {
		// Not this customizer itself: as a Customizer<ServerHttpSecurity> bean, Spring Security 7
		// already applies it to every ServerHttpSecurity.
		return (http) -> {
			http.logout((logout) -> logout.disable());
			http.headers((headers) -> headers.frameOptions((frame) -> frame.disable())
				.xssProtection((xss) -> xss.disable()));
		};
	}

	/** Answers an unauthenticated exchange with its recorded refusal, or {@code no_client_certificate}. */
	public ServerAuthenticationEntryPoint entryPoint() {
		return (exchange, ex) -> this.refusals.answer(exchange,
				new Refusal(RefusalReason.NO_CLIENT_CERTIFICATE, "no certificate decision for this request"), null);
	}

	/** Answers an access refusal with its real cause: {@code csrf_rejected} or {@code access_denied}. */
	public ServerAccessDeniedHandler accessDeniedHandler() {
		// The security context, not exchange.getPrincipal(): the CSRF filter runs before the filter
		// that exposes the context as the exchange's principal.
		return (exchange, denied) -> ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((principal) -> this.refusals.answer(exchange, refusal(exchange.getRequest().getMethod().name(),
					denied), principal.orElse(null)));
	}

	private static Refusal refusal(String method, Exception denied) {
		if (denied instanceof CsrfException) {
			return new Refusal(RefusalReason.CSRF_REJECTED, method + " without a valid CSRF token");
		}
		if (denied instanceof AuthorizationDeniedException authorization) {
			return new Refusal(RefusalReason.ACCESS_DENIED, "not authorized: " + authorization.getAuthorizationResult());
		}
		return new Refusal(RefusalReason.ACCESS_DENIED, "access denied: " + denied.getMessage());
	}

}
