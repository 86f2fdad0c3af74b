package io.github.mtls.web;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Reads the claims of a JWT that Spring's {@code NimbusJwtDecoder} rejected in claim validation.
 * A {@link JwtValidationException} is thrown only after the signature verified, so these claims
 * are the issuer's: they say whether the token was bound to another certificate.
 */
public final class JwtRejectedTokenClaims implements BearerTokenAuthenticator.RejectedTokenClaims {

	@Override
	public @Nullable Map<String, ?> claims(AuthenticationException rejection, String token) {
		if (!(rejection.getCause() instanceof JwtValidationException)) {
			return null;
		}
		try {
			return JWTParser.parse(token).getJWTClaimsSet().getClaims();
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
