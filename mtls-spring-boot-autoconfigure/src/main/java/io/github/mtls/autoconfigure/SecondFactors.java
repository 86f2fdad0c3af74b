package io.github.mtls.autoconfigure;

import java.time.Clock;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.mtls.factor.BoundTokenPolicy;
import io.github.mtls.factor.IdentitySecrets;
import io.github.mtls.factor.SecondFactorKind;
import io.github.mtls.factor.SecondFactorRequirement;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.PinnedIdentities;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Compiles and validates {@code mtls.second-factor.*}; the per-identity {@code token-subject},
 * {@code secret-sha256} and {@code secret} values are compiled with the identities
 * ({@link PinnedIdentities}). Every mistake stops startup naming the property.
 */
final class SecondFactors {

	private static final String PREFIX = "mtls.second-factor.";

	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private SecondFactors() {
	}

	static SecondFactorRequirement requirement(SecondFactorProperties properties, IdentityIndex identities) {
		for (int i = 0; i < properties.getPaths().size(); i++) {
			String path = properties.getPaths().get(i);
			try {
				PathPatternParser.defaultInstance.parse(path);
			}
			catch (PatternParseException ex) {
				throw new InvalidMtlsPropertyException(PREFIX + "paths[" + i + "]", path, ex.getMessage(),
						"Use a path pattern such as /api/** (see Spring's PathPattern).");
			}
		}
		if (properties.getRememberedVerificationTtl().isNegative()) {
			throw new InvalidMtlsPropertyException(PREFIX + "remembered-verification-ttl",
					properties.getRememberedVerificationTtl().toString(), "must not be negative",
					"Set a duration such as 5m, or 0 to verify the hash on every request.");
		}
		String header = properties.getSecretHeader();
		if (header != null && (!HEADER_NAME.matcher(header).matches() || header.equalsIgnoreCase("Authorization"))) {
			throw new InvalidMtlsPropertyException(PREFIX + "secret-header", header,
					"not an HTTP header name usable for an API key",
					"Use a token such as X-Api-Key, or leave it unset for HTTP Basic.");
		}
		if (properties.getTokenSubjectClaim().isBlank()) {
			throw new InvalidMtlsPropertyException(PREFIX + "token-subject-claim", properties.getTokenSubjectClaim(),
					"must name a claim", "Use sub, client_id or azp.");
		}
		SecondFactorKind kind = properties.getRequired();
		checkIdentities(kind, identities);
		return new SecondFactorRequirement(kind, properties.getPaths());
	}

	/**
	 * The identity-scoped checks of the second factor, at startup and on every reload of the
	 * identities (their secrets were validated when they were compiled, even while not required, so
	 * a typo never waits for the switch-over).
	 */
	static void checkIdentities(SecondFactorKind kind, IdentityIndex identities) {
		if (kind == SecondFactorKind.BEARER
				&& identities.identities().values().stream().allMatch((i) -> i.tokenSubjects().isEmpty())) {
			throw new InvalidMtlsPropertyException(PREFIX + "required", "bearer",
					"no identity names a token subject, so every token would be refused",
					"Set 'mtls.identities.<name>.token-subject' to the token subjects each identity accepts.");
		}
		if (kind == SecondFactorKind.SECRET
				&& identities.identities().values().stream().allMatch((i) -> i.secrets().isEmpty())) {
			throw new InvalidMtlsPropertyException(PREFIX + "required", "secret",
					"no identity has a secret, so every request would be refused",
					"Set 'mtls.identities.<name>.secret-sha256' (or secret) for each identity. "
							+ PinnedIdentities.SHA256_HINT);
		}
	}

	static BoundTokenPolicy tokenPolicy(SecondFactorProperties properties) {
		return new BoundTokenPolicy(properties.isRequireCertificateBinding(), properties.getTokenSubjectClaim());
	}

	static IdentitySecrets secrets(SecondFactorProperties properties, PasswordEncoder encoder, Clock clock) {
		return new IdentitySecrets(encoder, properties.getRememberedVerificationTtl(), clock);
	}

}
