package io.github.mtls.web;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.Decision;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.factor.BoundTokenPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The access token as second factor. Spring Security's resource server validates it (the
 * {@code JwtAuthenticationProvider} over Boot's {@code JwtDecoder}, or the
 * {@code OpaqueTokenAuthenticationProvider} over its introspector: signature, issuer, lifetime);
 * then the {@link BoundTokenPolicy} requires the RFC 8705 certificate binding to this request's
 * certificate and a subject the certificate's identity accepts.
 *
 * <p>The certificate compared is the one the pipeline authenticated, direct or forwarded by a
 * trusted proxy. Spring's own JWT thumbprint validator reads the servlet container's certificate
 * attribute, which a proxied request lacks (or which holds the proxy's own certificate when the
 * proxy connects over mTLS); for the duration of the decoding the attribute holds the
 * authenticated certificate, so both checks see the same one. It is restored afterwards.
 *
 * <p>Scope authorities of the token are added to the identity's; factor authorities a token
 * converter might produce are dropped, so a token can never claim {@code FACTOR_X509} or
 * {@code FACTOR_PASSWORD}, and the principal stays the certificate's identity.
 */
public final class BearerTokenAuthenticator implements SecondFactorAuthenticator {

	private static final String CHALLENGE = "Bearer";

	private static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

	private final AuthenticationProvider tokens;

	private final BoundTokenVerdicts verdicts;

	private final BearerTokenResolver resolver = new DefaultBearerTokenResolver();

	/**
	 * @param tokens the resource server's token authentication
	 * @param policy binding and identity rules
	 * @param rejectedClaims the signature-verified claims of a token the decoder rejected, to tell
	 * a certificate mismatch found by Spring's own validator from any other invalid token
	 * @param clock time of the factor authority
	 */
	public BearerTokenAuthenticator(AuthenticationProvider tokens, BoundTokenPolicy policy,
			RejectedTokenClaims rejectedClaims, Clock clock) {
		this.tokens = tokens;
		this.verdicts = new BoundTokenVerdicts(policy, rejectedClaims, clock);
	}

	@Override
	public String factorAuthority() {
		return FactorGrantedAuthority.BEARER_AUTHORITY;
	}

	@Override
	public @Nullable String challenge(RefusalReason reason) {
		return bearerChallenge(reason);
	}

	/** The {@code WWW-Authenticate} challenge of a bearer-token refusal (RFC 6750 section 3), on either stack. */
	public static @Nullable String bearerChallenge(RefusalReason reason) {
		return switch (reason) {
			case SECOND_FACTOR_MISSING -> CHALLENGE;
			case TOKEN_INVALID, TOKEN_NOT_BOUND, TOKEN_CERTIFICATE_MISMATCH -> INVALID_TOKEN_CHALLENGE;
			default -> null;
		};
	}

	@Override
	public Outcome authenticate(HttpServletRequest request, MtlsAuthentication authentication) {
		String token;
		try {
			token = this.resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return BoundTokenVerdicts.malformed();
		}
		if (token == null) {
			return Outcome.ABSENT;
		}
		Decision.Accepted decision = authentication.decision();
		Authentication validated;
		Object container = request.getAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE);
		request.setAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE,
				new X509Certificate[] { decision.certificate().certificate() });
		try {
			validated = this.tokens.authenticate(new BearerTokenAuthenticationToken(token));
		}
		catch (AuthenticationException ex) {
			return this.verdicts.rejected(ex, token, decision);
		}
		catch (RuntimeException ex) {
			return this.verdicts.unreadable(ex);
		}
		finally {
			if (container == null) {
				request.removeAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE);
			}
			else {
				request.setAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE, container);
			}
		}
		return this.verdicts.validated(validated, decision);
	}

	/**
	 * The claims of a token the resource server rejected after its signature verified (for
	 * example, Spring's JWT thumbprint validator found another certificate), or {@code null}.
	 */
	@FunctionalInterface
	public interface RejectedTokenClaims {

		/** For introspection, and whenever the rejection came before the signature verified. */
		RejectedTokenClaims NONE = (rejection, token) -> null;

		@Nullable Map<String, ?> claims(AuthenticationException rejection, String token);

	}

}
