package io.github.mtls.web.reactive;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.web.MtlsAuthentication;
import io.github.mtls.web.SecondFactorAuthenticator.Outcome;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Verifies the second factor a certificate-authenticated exchange presents, without blocking the
 * event loop: the reactive counterpart of {@code SecondFactorAuthenticator}, with the same outcomes
 * and reason codes. Used by the {@link SecondFactorWebFilter}.
 */
public interface ServerSecondFactor {

	/** The factor authority a verified exchange gains, for example {@code FACTOR_BEARER}. */
	String factorAuthority();

	/** The {@code WWW-Authenticate} challenge answering {@code reason}, or {@code null} for none. */
	@Nullable String challenge(RefusalReason reason);

	/**
	 * Verifies the exchange's second factor against the identity its certificate authenticated.
	 * Never errors for client input: a bad factor is a {@link Outcome.Refused refusal}.
	 */
	Mono<Outcome> authenticate(ServerWebExchange exchange, MtlsAuthentication authentication);

}
