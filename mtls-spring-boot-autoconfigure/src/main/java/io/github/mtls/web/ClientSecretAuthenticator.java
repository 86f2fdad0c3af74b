package io.github.mtls.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.factor.IdentitySecrets;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The identity's client secret as second factor: HTTP Basic with the identity's name as the user
 * name, or the whole value of a configured header (an API key). The secret must be one of the
 * identity the certificate authenticated; a user name naming any other identity is refused, so
 * one client's secret never works with another client's certificate.
 */
public final class ClientSecretAuthenticator implements SecondFactorAuthenticator {

	private static final String BASIC = "Basic ";

	private final IdentitySecrets secrets;

	private final @Nullable String header;

	private final String challenge;

	private final Clock clock;

	/**
	 * @param secrets the identities' stored secrets
	 * @param header the API-key header, or {@code null} for HTTP Basic
	 * @param clock time of the factor authority
	 */
	public ClientSecretAuthenticator(IdentitySecrets secrets, @Nullable String header, Clock clock) {
		this.secrets = secrets;
		this.header = header;
		this.challenge = (header != null) ? "ApiKey header=\"" + header + "\"" : "Basic realm=\"mtls\", charset=\"UTF-8\"";
		this.clock = clock;
	}

	@Override
	public String factorAuthority() {
		return FactorGrantedAuthority.PASSWORD_AUTHORITY;
	}

	@Override
	public @Nullable String challenge(RefusalReason reason) {
		return (reason.status() == 401) ? this.challenge : null;
	}

	@Override
	public Outcome authenticate(HttpServletRequest request, MtlsAuthentication authentication) {
		return authenticate(request::getHeader, authentication);
	}

	/**
	 * Verifies the secret in the request's headers, on either web stack. Hashing a secret costs CPU
	 * by design: a reactive caller runs this off the event loop.
	 * @param headers the first value of a request header by name, or {@code null}
	 * @param authentication the certificate authentication of the request
	 * @return absent, verified with {@code FACTOR_PASSWORD}, or refused with {@code secret_invalid}
	 */
	public Outcome authenticate(UnaryOperator<@Nullable String> headers, MtlsAuthentication authentication) {
		Decision.Accepted decision = authentication.decision();
		String identity = decision.identity().name();
		String secret;
		if (this.header != null) {
			secret = headers.apply(this.header);
			if (secret == null) {
				return Outcome.ABSENT;
			}
		}
		else {
			String credentials = headers.apply("Authorization");
			if (credentials == null || !credentials.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
				return Outcome.ABSENT;
			}
			String decoded;
			try {
				decoded = new String(Base64.getDecoder().decode(credentials.substring(BASIC.length()).trim()),
						StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return refused("malformed Basic credentials");
			}
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return refused("malformed Basic credentials");
			}
			if (!identity.equals(decoded.substring(0, colon))) {
				return refused("Basic user name is not the certificate's identity " + identity);
			}
			secret = decoded.substring(colon + 1);
		}
		if (!this.secrets.matches(decision.identity(), decision.certificate().sha256(), secret)) {
			return refused("secret does not match identity " + identity);
		}
		return new Outcome.Verified(List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
			.issuedAt(this.clock.instant())
			.build()));
	}

	private static Outcome refused(String detail) {
		return new Outcome.Refused(new Refusal(RefusalReason.SECRET_INVALID, detail));
	}

}
