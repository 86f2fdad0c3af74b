package io.github.mtls.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;

/**
 * Verifies the second factor a certificate-authenticated request presents: a certificate-bound
 * access token ({@link BearerTokenAuthenticator}) or the identity's client secret
 * ({@link ClientSecretAuthenticator}). Used by the {@link SecondFactorConfigurer}.
 */
public interface SecondFactorAuthenticator {

	/** The factor authority a verified request gains, for example {@code FACTOR_BEARER}. */
	String factorAuthority();

	/**
	 * The {@code WWW-Authenticate} challenge answering {@code reason}, or {@code null} for none
	 * (403 answers carry no challenge).
	 */
	@Nullable String challenge(RefusalReason reason);

	/**
	 * Verifies the request's second factor against the identity its certificate authenticated.
	 * Never throws for client input: a bad factor is a {@link Outcome.Refused refusal}.
	 * @param request the request
	 * @param authentication the certificate authentication of the request
	 * @return absent, verified with the authorities to add, or refused
	 */
	Outcome authenticate(HttpServletRequest request, MtlsAuthentication authentication);

	/** What the verification found. */
	sealed interface Outcome permits Outcome.Absent, Outcome.Verified, Outcome.Refused {

		/** The request presented no second factor. */
		Outcome ABSENT = new Absent();

		/** No second factor was presented. */
		record Absent() implements Outcome {
		}

		/**
		 * The factor is valid, bound to the certificate and the identity's.
		 * @param authorities authorities to add: the factor authority and, for tokens, their scopes
		 */
		record Verified(List<GrantedAuthority> authorities) implements Outcome {

			public Verified {
				authorities = List.copyOf(authorities);
			}

		}

		/**
		 * The presented factor is refused.
		 * @param refusal the reason and an operator detail without the credential
		 */
		record Refused(Refusal refusal) implements Outcome {
		}

	}

}
