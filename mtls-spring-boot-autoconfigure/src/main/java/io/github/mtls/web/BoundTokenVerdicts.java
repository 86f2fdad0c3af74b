package io.github.mtls.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.factor.BoundTokenPolicy;
import io.github.mtls.web.BearerTokenAuthenticator.RejectedTokenClaims;
import io.github.mtls.web.SecondFactorAuthenticator.Outcome;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * What a bearer token the resource server validated, or rejected, means for the second factor: the
 * one reading both web stacks share ({@link BearerTokenAuthenticator} on the servlet side, the
 * reactive {@code ServerBearerTokenAuthenticator}), so that a token gets the same reason code on
 * either. The binding and identity rules themselves are the {@link BoundTokenPolicy}'s.
 */
public final class BoundTokenVerdicts {

	private final BoundTokenPolicy policy;

	private final RejectedTokenClaims rejectedClaims;

	private final Clock clock;

	/**
	 * @param policy binding and identity rules
	 * @param rejectedClaims the signature-verified claims of a token the decoder rejected
	 * @param clock time of the factor authority
	 */
	public BoundTokenVerdicts(BoundTokenPolicy policy, RejectedTokenClaims rejectedClaims, Clock clock) {
		this.policy = policy;
		this.rejectedClaims = rejectedClaims;
		this.clock = clock;
	}

	/**
	 * A token the resource server rejected: {@code token_certificate_mismatch} (or another binding
	 * refusal) when its verified claims are bound elsewhere, else {@code token_invalid}.
	 */
	public Outcome rejected(AuthenticationException rejection, String token, Decision.Accepted decision) {
		Map<String, ?> claims = this.rejectedClaims.claims(rejection, token);
		Refusal binding = (claims != null) ? this.policy.checkBinding(claims, decision.certificate()) : null;
		return new Outcome.Refused((binding != null) ? binding
				: new Refusal(RefusalReason.TOKEN_INVALID, "token rejected: " + reason(rejection)));
	}

	/**
	 * A claim of an unexpected JSON type can break a validator (Spring's thumbprint validator casts
	 * {@code cnf} to an object): a malformed token, refused, never a 500.
	 */
	public Outcome unreadable(RuntimeException failure) {
		return refused(RefusalReason.TOKEN_INVALID,
				"token claims unreadable (" + failure.getClass().getSimpleName() + ")");
	}

	/**
	 * A token the resource server validated: refused unless bound to the request's certificate and
	 * issued to its identity; else verified with its scope authorities (never a factor authority a
	 * converter produced) and {@code FACTOR_BEARER}.
	 */
	public Outcome validated(Authentication validated, Decision.Accepted decision) {
		if (!(validated instanceof AbstractOAuth2TokenAuthenticationToken<?> token)) {
			return refused(RefusalReason.TOKEN_INVALID, "token authentication of an unsupported type");
		}
		Refusal refusal = this.policy.check(token.getTokenAttributes(), decision.identity(), decision.certificate());
		if (refusal != null) {
			return new Outcome.Refused(refusal);
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (GrantedAuthority authority : validated.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && !name.startsWith("FACTOR_")) {
				authorities.add(authority);
			}
		}
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.BEARER_AUTHORITY)
			.issuedAt(this.clock.instant())
			.build());
		return new Outcome.Verified(authorities);
	}

	/** A malformed {@code Authorization: Bearer} header. */
	public static Outcome malformed() {
		return refused(RefusalReason.TOKEN_INVALID, "malformed bearer token");
	}

	/** The resource server's reason (its messages name the failed check, never the token), shortened. */
	private static String reason(AuthenticationException ex) {
		String message = String.valueOf(ex.getMessage()).replaceAll("\\p{Cntrl}", "?");
		return (message.length() > 160) ? message.substring(0, 160) + "..." : message;
	}

	private static Outcome refused(RefusalReason reason, String detail) {
		return new Outcome.Refused(new Refusal(reason, detail));
	}

}
