package io.github.mtls.web.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.web.MtlsAuthentication;
import io.github.mtls.web.SecondFactorAuthenticator.Outcome;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The second factor on WebFlux, verified and required in one place because Spring Security has no
 * reactive multi-factor authorization: runs after the {@link MtlsAuthenticationWebFilter}, on
 * exchanges its certificate authenticated. A verified factor upgrades the {@link MtlsAuthentication}
 * (same identity and decision, plus the factor authority and, for tokens, their scopes); a presented
 * but bad factor is answered at once with its reason code, wherever it is presented; a missing one
 * is answered {@code second_factor_missing} on the exchanges {@code mtls.second-factor.paths} cover,
 * before the application's own rules, as the servlet side's multi-factor rule does. Exchanges
 * without a certificate authentication pass untouched, so their certificate refusal is what the
 * client sees.
 */
public final class SecondFactorWebFilter implements WebFilter {

	private final ServerSecondFactor factor;

	private final ServerWebExchangeMatcher requiredOn;

	private final ServerRequestRefusals refusals;

	/**
	 * @param factor the factor's verification
	 * @param requiredOn the exchanges that must present it
	 * @param refusals the one publisher of the exchange's refusal
	 */
	public SecondFactorWebFilter(ServerSecondFactor factor, ServerWebExchangeMatcher requiredOn,
			ServerRequestRefusals refusals) {
		this.factor = factor;
		this.requiredOn = requiredOn;
		this.refusals = refusals;
	}

	/**
	 * The filter requiring {@code factor} on the exchanges whose path matches one of {@code paths}
	 * ({@code mtls.second-factor.paths}), or on every exchange when there are none.
	 */
	public static SecondFactorWebFilter requiredOn(List<String> paths, ServerSecondFactor factor,
			ServerRequestRefusals refusals) {
		ServerWebExchangeMatcher requiredOn = paths.isEmpty() ? ServerWebExchangeMatchers.anyExchange()
				: ServerWebExchangeMatchers.pathMatchers(paths.toArray(String[]::new));
		return new SecondFactorWebFilter(factor, requiredOn, refusals);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.ofType(MtlsAuthentication.class)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((mtls) -> mtls.isPresent() ? verify(exchange, chain, mtls.get()) : chain.filter(exchange));
	}

	private Mono<Void> verify(ServerWebExchange exchange, WebFilterChain chain, MtlsAuthentication mtls) {
		return this.factor.authenticate(exchange, mtls).flatMap((outcome) -> {
			if (outcome instanceof Outcome.Refused refused) {
				return refuse(exchange, refused.refusal(), mtls);
			}
			if (outcome instanceof Outcome.Verified verified) {
				List<GrantedAuthority> authorities = new ArrayList<>(mtls.getAuthorities());
				authorities.addAll(verified.authorities());
				MtlsAuthentication both = new MtlsAuthentication(mtls.getPrincipal(), mtls.decision(), authorities);
				return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(both));
			}
			return this.requiredOn.matches(exchange)
				.flatMap((match) -> match.isMatch()
						? refuse(exchange, new Refusal(RefusalReason.SECOND_FACTOR_MISSING,
								this.factor.factorAuthority() + " required, none presented"), mtls)
						: chain.filter(exchange));
		});
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal, MtlsAuthentication mtls) {
		return this.refusals.answer(exchange, refusal, mtls, this.factor.challenge(refusal.reason()));
	}

}
