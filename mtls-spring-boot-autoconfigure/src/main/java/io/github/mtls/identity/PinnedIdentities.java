package io.github.mtls.identity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles {@code mtls.identities.*} into an {@link IdentityIndex}, validating every value: a
 * malformed DN, hex, base64, URI or IP, an entry without an identifying selector, a serial without
 * an issuer, or a secret that is not a hash throws {@link InvalidSettingException} naming the
 * property. The same compiler serves startup and every reload, so a change is accepted exactly when
 * startup would accept it.
 */
public final class PinnedIdentities {

	private static final String PREFIX = "mtls.identities.";

	/** Slow, salted password hashes of Spring Security's DelegatingPasswordEncoder. */
	private static final Set<String> SLOW_HASHES = Set.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8", "scrypt",
			"scrypt@SpringSecurity_v5_8", "pbkdf2", "pbkdf2@SpringSecurity_v5_8");

	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

	/** How to make a {@code secret-sha256} value. */
	public static final String SHA256_HINT = "Generate a secret with 'openssl rand -base64 32' and hash it with "
			+ "'printf %s \"$SECRET\" | sha256sum' (64 hex digits).";

	private PinnedIdentities() {
	}

	/**
	 * One identity as configured, before validation.
	 *
	 * @param selectors the configured values per selector kind (absent or empty: not set)
	 * @param authorities granted authorities
	 * @param tokenSubjects accepted access-token subjects
	 * @param secretSha256 SHA-256 digests (hex) of generated secrets
	 * @param secrets {@code {id}}-prefixed slow hashes of chosen secrets
	 */
	public record Definition(Map<SelectorKind, List<String>> selectors, List<String> authorities,
			List<String> tokenSubjects, List<String> secretSha256, List<String> secrets) {
	}

	/** Compiles every identity, in configuration order. */
	public static IdentityIndex compile(Map<String, Definition> identities) {
		List<ClientIdentity> compiled = new ArrayList<>();
		identities.forEach((name, identity) -> compiled.add(compile(name, identity)));
		return new IdentityIndex(compiled);
	}

	static ClientIdentity compile(String name, Definition identity) {
		Map<SelectorKind, Set<String>> selectors = new EnumMap<>(SelectorKind.class);
		for (SelectorKind kind : SelectorKind.values()) {
			List<String> values = identity.selectors().getOrDefault(kind, List.of());
			if (values.isEmpty()) {
				continue;
			}
			Set<String> canonical = new LinkedHashSet<>();
			for (int i = 0; i < values.size(); i++) {
				String value = values.get(i);
				try {
					canonical.add(kind.canonicalize(value));
				}
				catch (IllegalArgumentException ex) {
					String property = property(name, kind.property(), i, values.size());
					throw new InvalidSettingException(property, value, ex.getMessage(),
							"Correct the value of '" + property + "'. " + hint(kind));
				}
			}
			selectors.put(kind, canonical);
		}
		if (selectors.keySet().stream().noneMatch(SelectorKind::identifies)) {
			throw new InvalidSettingException(PREFIX + name, selectors.isEmpty() ? "(no selector)" : "issuer-dn only",
					"the identity has no selector that identifies a certificate, so it would match "
							+ (selectors.isEmpty() ? "nothing" : "every certificate of its issuer"),
					"Set at least one of subject-dn, san-dns, san-uri, spiffe-id, spiffe-trust-domain, san-email, san-ip, "
							+ "fingerprint-sha256, "
							+ "spki-sha256 or serial (with issuer-dn) under '" + PREFIX + name + "'.");
		}
		if (selectors.containsKey(SelectorKind.SERIAL) && !selectors.containsKey(SelectorKind.ISSUER_DN)) {
			throw new InvalidSettingException(PREFIX + name + ".serial",
					String.join(",", identity.selectors().get(SelectorKind.SERIAL)),
					"a serial number is only unique within its issuer",
					"Set '" + PREFIX + name + ".issuer-dn' to the DN of the CA that issued the certificate.");
		}
		return new ClientIdentity(name, selectors, identity.authorities(), new LinkedHashSet<>(identity.tokenSubjects()),
				secrets(name, identity));
	}

	private static ClientSecrets secrets(String name, Definition identity) {
		List<byte[]> digests = new ArrayList<>();
		List<String> sha256 = identity.secretSha256();
		for (int i = 0; i < sha256.size(); i++) {
			String hex = sha256.get(i).replace(":", "").trim();
			if (!SHA256_HEX.matcher(hex).matches()) {
				throw new InvalidSettingException(property(name, "secret-sha256", i, sha256.size()), sha256.get(i),
						"not a SHA-256 digest in hex (64 hex digits)", SHA256_HINT);
			}
			digests.add(HexFormat.of().parseHex(hex));
		}
		List<String> encoded = identity.secrets();
		for (int i = 0; i < encoded.size(); i++) {
			validateEncoded(property(name, "secret", i, encoded.size()), encoded.get(i));
		}
		return new ClientSecrets(digests, encoded);
	}

	private static void validateEncoded(String property, String value) {
		String action = "Hash the secret with a slow password hash, e.g. "
				+ "'htpasswd -nbBC 12 \"\" \"$SECRET\" | tr -d ':\\n'' and prefix it with {bcrypt}. "
				+ "For generated secrets use secret-sha256 instead.";
		int close = value.indexOf('}');
		if (!value.startsWith("{") || close < 0) {
			throw new InvalidSettingException(property, "(hidden)",
					"not a {id}-prefixed hash: a plaintext secret must never be configured", action);
		}
		String id = value.substring(1, close);
		String hash = value.substring(close + 1);
		String shown = "{" + id + "}...";
		if (!SLOW_HASHES.contains(id)) {
			throw new InvalidSettingException(property, shown,
					"'" + id + "' is not a slow salted password hash (bcrypt, argon2, scrypt or pbkdf2)", action);
		}
		if (id.equals("bcrypt") && !BCRYPT.matcher(hash).matches()) {
			throw new InvalidSettingException(property, shown,
					"not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)", action);
		}
		if (id.startsWith("argon2") && !hash.startsWith("$argon2")) {
			throw new InvalidSettingException(property, shown, "not an argon2 hash ($argon2id$...)", action);
		}
	}

	private static String property(String name, String key, int index, int count) {
		return PREFIX + name + "." + key + ((count > 1) ? "[" + index + "]" : "");
	}

	private static String hint(SelectorKind kind) {
		return switch (kind) {
			case SUBJECT_DN, ISSUER_DN -> "Use RFC 4514 form, as printed by "
					+ "'openssl x509 -noout -subject -nameopt RFC2253' (e.g. CN=orders,O=Acme).";
			case FINGERPRINT_SHA256 -> "Use 'openssl x509 -noout -fingerprint -sha256' (colons are fine).";
			case SPKI_SHA256 -> "Use 'openssl x509 -noout -pubkey | openssl pkey -pubin -outform DER | "
					+ "openssl dgst -sha256 -binary | base64'.";
			case SERIAL -> "Use hex, as printed by 'openssl x509 -noout -serial'.";
			case SAN_IP -> "Use an IPv4 or IPv6 literal, never a host name.";
			case SAN_URI -> "Use an absolute URI such as spiffe://example.org/service.";
			case SPIFFE_ID -> "Use a SPIFFE ID such as spiffe://example.org/ns/prod/sa/billing.";
			case SPIFFE_TRUST_DOMAIN -> "Use a trust domain name such as example.org.";
			case SAN_EMAIL -> "Use local-part@domain.";
			case SAN_DNS -> "Use a DNS name such as client.example.org.";
		};
	}

}
