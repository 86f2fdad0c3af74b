package io.github.mtls.web.reactive;

import io.github.mtls.core.Decision;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.web.BearerTokenAuthenticator;
import io.github.mtls.web.BoundTokenVerdicts;
import io.github.mtls.web.MtlsAuthentication;
import io.github.mtls.web.SecondFactorAuthenticator.Outcome;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The access token as second factor on WebFlux. Spring Security's reactive resource server
 * validates it (a {@code JwtReactiveAuthenticationManager} over Boot's {@code ReactiveJwtDecoder},
 * or an {@code OpaqueTokenReactiveAuthenticationManager}: signature, issuer, lifetime, with the
 * JWK set fetched without blocking); then the same {@link BoundTokenVerdicts} as the servlet side
 * require the RFC 8705 binding to the certificate the pipeline authenticated (direct or forwarded
 * by a trusted proxy) and a subject the identity accepts.
 *
 * <p>Spring's own JWT thumbprint validator reads the certificate from the servlet request only; for
 * the duration of the decoding it finds the authenticated certificate instead (see
 * {@link CertificateRequestAttributes}), so that both checks see the same one.
 */
public final class ServerBearerTokenAuthenticator implements ServerSecondFactor {

	private final ReactiveAuthenticationManager tokens;

	private final BoundTokenVerdicts verdicts;

	private final ServerBearerTokenAuthenticationConverter resolver = new ServerBearerTokenAuthenticationConverter();

	public ServerBearerTokenAuthenticator(ReactiveAuthenticationManager tokens, BoundTokenVerdicts verdicts) {
		this.tokens = tokens;
		this.verdicts = verdicts;
	}

	@Override
	public String factorAuthority() {
		return FactorGrantedAuthority.BEARER_AUTHORITY;
	}

	@Override
	public @Nullable String challenge(RefusalReason reason) {
		return BearerTokenAuthenticator.bearerChallenge(reason);
	}

	/**
	 * Validates the token with the certificate where Spring's thumbprint validator looks for it,
	 * while the decoder is subscribed to: a decoder whose keys are cached validates right there. The
	 * first token after a JWK-set fetch is validated on the fetching client's thread, where the
	 * certificate is not visible; that refusal is retried once, with the keys now cached.
	 */
	private Mono<Authentication> validate(BearerTokenAuthenticationToken token, Decision.Accepted decision) {
		RequestAttributes certificate = new CertificateRequestAttributes(decision.certificate().certificate());
		Mono<Authentication> validated = Mono.fromDirect((subscriber) -> {
			RequestAttributes previous = RequestContextHolder.getRequestAttributes();
			RequestContextHolder.setRequestAttributes(certificate);
			try {
				this.tokens.authenticate(token).subscribe(subscriber);
			}
			finally {
				RequestContextHolder.setRequestAttributes(previous);
			}
		});
		return validated.onErrorResume(ServerBearerTokenAuthenticator::certificateNotSeen, (ex) -> validated);
	}

	private static boolean certificateNotSeen(Throwable failure) {
		return failure.getCause() instanceof JwtValidationException invalid && invalid.getErrors()
			.stream()
			.allMatch((error) -> String.valueOf(error.getDescription()).contains("X509Certificate"));
	}

	@Override
	public Mono<Outcome> authenticate(ServerWebExchange exchange, MtlsAuthentication authentication) {
		Decision.Accepted decision = authentication.decision();
		return this.resolver.convert(exchange)
			.cast(BearerTokenAuthenticationToken.class)
			.flatMap((token) -> validate(token, decision)
				.map((validated) -> this.verdicts.validated(validated, decision))
				.switchIfEmpty(Mono.fromSupplier(() -> this.verdicts.unreadable(new IllegalStateException())))
				.onErrorResume(AuthenticationException.class,
						(ex) -> Mono.just(this.verdicts.rejected(ex, token.getToken(), decision)))
				.onErrorResume((ex) -> !(ex instanceof AuthenticationException) && ex instanceof RuntimeException,
						(ex) -> Mono.just(this.verdicts.unreadable((RuntimeException) ex))))
			.onErrorResume(OAuth2AuthenticationException.class, (ex) -> Mono.just(BoundTokenVerdicts.malformed()))
			.defaultIfEmpty(Outcome.ABSENT);
	}

}
