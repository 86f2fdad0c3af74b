package io.github.mtls.autoconfigure;

import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.mtls.factor.BoundTokenPolicy;
import io.github.mtls.factor.IdentitySecrets;
import io.github.mtls.factor.SecondFactorKind;
import io.github.mtls.factor.SecondFactorRequirement;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Compiles and validates {@code mtls.second-factor.*} and the per-identity {@code token-subject},
 * {@code secret-sha256} and {@code secret} values. Every mistake stops startup naming the property.
 */
final class SecondFactors {

	private static final String PREFIX = "mtls.second-factor.";

	private static final String IDENTITIES = "mtls.identities.";

	/** Slow, salted password hashes of Spring Security's DelegatingPasswordEncoder. */
	private static final Set<String> SLOW_HASHES = Set.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8", "scrypt",
			"scrypt@SpringSecurity_v5_8", "pbkdf2", "pbkdf2@SpringSecurity_v5_8");

	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final String SHA256_HINT = "Generate a secret with 'openssl rand -base64 32' and hash it with "
			+ "'printf %s \"$SECRET\" | sha256sum' (64 hex digits).";

	private SecondFactors() {
	}

	static SecondFactorRequirement requirement(SecondFactorProperties properties, MtlsProperties mtls) {
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
		// Secrets are validated even while not required, so a typo never waits for the switch-over.
		Map<String, IdentitySecrets.Stored> secrets = storedSecrets(mtls);
		SecondFactorKind kind = properties.getRequired();
		if (kind == SecondFactorKind.BEARER && mtls.getIdentities().values().stream().allMatch((i) -> i.getTokenSubject().isEmpty())) {
			throw new InvalidMtlsPropertyException(PREFIX + "required", "bearer",
					"no identity names a token subject, so every token would be refused",
					"Set 'mtls.identities.<name>.token-subject' to the token subjects each identity accepts.");
		}
		if (kind == SecondFactorKind.SECRET && secrets.isEmpty()) {
			throw new InvalidMtlsPropertyException(PREFIX + "required", "secret",
					"no identity has a secret, so every request would be refused",
					"Set 'mtls.identities.<name>.secret-sha256' (or secret) for each identity. " + SHA256_HINT);
		}
		return new SecondFactorRequirement(kind, properties.getPaths());
	}

	static BoundTokenPolicy tokenPolicy(SecondFactorProperties properties, MtlsProperties mtls) {
		Map<String, Set<String>> subjects = new LinkedHashMap<>();
		mtls.getIdentities().forEach((name, identity) -> subjects.put(name, new LinkedHashSet<>(identity.getTokenSubject())));
		return new BoundTokenPolicy(properties.isRequireCertificateBinding(), properties.getTokenSubjectClaim(), subjects);
	}

	static IdentitySecrets secrets(SecondFactorProperties properties, MtlsProperties mtls, PasswordEncoder encoder,
			Clock clock) {
		return new IdentitySecrets(storedSecrets(mtls), encoder, properties.getRememberedVerificationTtl(), clock);
	}

	private static Map<String, IdentitySecrets.Stored> storedSecrets(MtlsProperties mtls) {
		Map<String, IdentitySecrets.Stored> stored = new LinkedHashMap<>();
		mtls.getIdentities().forEach((name, identity) -> {
			List<byte[]> digests = new java.util.ArrayList<>();
			List<String> sha256 = identity.getSecretSha256();
			for (int i = 0; i < sha256.size(); i++) {
				String property = IDENTITIES + name + ".secret-sha256" + ((sha256.size() > 1) ? "[" + i + "]" : "");
				String hex = sha256.get(i).replace(":", "").trim();
				if (!hex.matches("[0-9a-fA-F]{64}")) {
					throw new InvalidMtlsPropertyException(property, sha256.get(i),
							"not a SHA-256 digest in hex (64 hex digits)", SHA256_HINT);
				}
				digests.add(HexFormat.of().parseHex(hex.toLowerCase()));
			}
			List<String> encoded = identity.getSecret();
			for (int i = 0; i < encoded.size(); i++) {
				validateEncoded(IDENTITIES + name + ".secret" + ((encoded.size() > 1) ? "[" + i + "]" : ""),
						encoded.get(i));
			}
			if (!digests.isEmpty() || !encoded.isEmpty()) {
				stored.put(name, new IdentitySecrets.Stored(digests, encoded));
			}
		});
		return stored;
	}

	private static void validateEncoded(String property, String value) {
		String action = "Hash the secret with a slow password hash, e.g. "
				+ "'htpasswd -nbBC 12 \"\" \"$SECRET\" | tr -d ':\\n'' and prefix it with {bcrypt}. "
				+ "For generated secrets use secret-sha256 instead.";
		int close = value.indexOf('}');
		if (!value.startsWith("{") || close < 0) {
			throw new InvalidMtlsPropertyException(property, "(hidden)",
					"not a {id}-prefixed hash: a plaintext secret must never be configured", action);
		}
		String id = value.substring(1, close);
		String hash = value.substring(close + 1);
		String shown = "{" + id + "}...";
		if (!SLOW_HASHES.contains(id)) {
			throw new InvalidMtlsPropertyException(property, shown,
					"'" + id + "' is not a slow salted password hash (bcrypt, argon2, scrypt or pbkdf2)", action);
		}
		if (id.equals("bcrypt") && !BCRYPT.matcher(hash).matches()) {
			throw new InvalidMtlsPropertyException(property, shown, "not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)",
					action);
		}
		if (id.startsWith("argon2") && !hash.startsWith("$argon2")) {
			throw new InvalidMtlsPropertyException(property, shown, "not an argon2 hash ($argon2id$...)", action);
		}
	}

}
