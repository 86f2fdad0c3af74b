package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;

/**
 * Compiles {@code mtls.identities.*} into an {@link IdentityIndex}, validating every value: a
 * malformed DN, hex, base64, URI or IP, an entry without an identifying selector, or a serial
 * without an issuer stops startup with the property named.
 */
final class PinnedIdentities {

	private static final String PREFIX = "mtls.identities.";

	private PinnedIdentities() {
	}

	static IdentityIndex compile(Map<String, MtlsProperties.Identity> identities) {
		List<ClientIdentity> compiled = new ArrayList<>();
		identities.forEach((name, identity) -> compiled.add(compile(name, identity)));
		return new IdentityIndex(compiled);
	}

	static ClientIdentity compile(String name, MtlsProperties.Identity identity) {
		Map<SelectorKind, Set<String>> selectors = new EnumMap<>(SelectorKind.class);
		for (SelectorKind kind : SelectorKind.values()) {
			List<String> values = identity.values(kind);
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
					String property = PREFIX + name + "." + kind.property() + ((values.size() > 1) ? "[" + i + "]" : "");
					throw new InvalidMtlsPropertyException(property, value, ex.getMessage(),
							"Correct the value of '" + property + "'. " + hint(kind));
				}
			}
			selectors.put(kind, canonical);
		}
		if (selectors.keySet().stream().noneMatch(SelectorKind::identifies)) {
			throw new InvalidMtlsPropertyException(PREFIX + name, selectors.isEmpty() ? "(no selector)" : "issuer-dn only",
					"the identity has no selector that identifies a certificate, so it would match "
							+ (selectors.isEmpty() ? "nothing" : "every certificate of its issuer"),
					"Set at least one of subject-dn, san-dns, san-uri, spiffe-id, spiffe-trust-domain, san-email, san-ip, fingerprint-sha256, "
							+ "spki-sha256 or serial (with issuer-dn) under '" + PREFIX + name + "'.");
		}
		if (selectors.containsKey(SelectorKind.SERIAL) && !selectors.containsKey(SelectorKind.ISSUER_DN)) {
			throw new InvalidMtlsPropertyException(PREFIX + name + ".serial", String.join(",", identity.getSerial()),
					"a serial number is only unique within its issuer",
					"Set '" + PREFIX + name + ".issuer-dn' to the DN of the CA that issued the certificate.");
		}
		return new ClientIdentity(name, selectors, identity.getAuthorities());
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
