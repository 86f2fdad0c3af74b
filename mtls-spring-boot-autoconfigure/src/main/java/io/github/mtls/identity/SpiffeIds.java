package io.github.mtls.identity;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * SPIFFE IDs by the SPIFFE-ID specification (section 2): {@code spiffe://} then a lowercase trust
 * domain of letters, digits, {@code .}, {@code -} and {@code _}, then an optional path of non-empty
 * segments of letters, digits, {@code .}, {@code -} and {@code _}, none {@code .} or {@code ..}, no
 * trailing slash, no port, user, query or fragment, and at most 2048 bytes. The same rules read the
 * configuration ({@code spiffe-id}, {@code spiffe-trust-domain}) and the certificate's URI SAN, so a
 * malformed ID in a certificate is never a value any selector can match.
 */
public final class SpiffeIds {

	/** The scheme and separator every SPIFFE ID starts with. */
	public static final String PREFIX = "spiffe://";

	private static final int MAX_ID_BYTES = 2048;

	private static final int MAX_TRUST_DOMAIN = 255;

	private SpiffeIds() {
	}

	/**
	 * A configured SPIFFE ID, checked by the specification's rules.
	 * @throws IllegalArgumentException naming the rule it breaks
	 */
	public static String id(String id) {
		String problem = problem(id);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return id;
	}

	/**
	 * A configured trust domain, as a name ({@code acme.test}) or its ID ({@code spiffe://acme.test});
	 * canonically the name.
	 * @throws IllegalArgumentException naming the rule it breaks
	 */
	public static String trustDomain(String value) {
		String name = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
		String problem = trustDomainProblem(name);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return name;
	}

	/** The valid SPIFFE IDs among a certificate's URI SANs. */
	public static List<String> idsOf(List<String> uris) {
		return uris.stream().filter((uri) -> uri.startsWith(PREFIX) && problem(uri) == null).toList();
	}

	/** The trust domains of the valid SPIFFE IDs among a certificate's URI SANs. */
	public static List<String> trustDomainsOf(List<String> uris) {
		return idsOf(uris).stream().map(SpiffeIds::trustDomainOf).toList();
	}

	/** The trust domain name of a valid SPIFFE ID. */
	public static String trustDomainOf(String id) {
		int slash = id.indexOf('/', PREFIX.length());
		return id.substring(PREFIX.length(), (slash < 0) ? id.length() : slash);
	}

	/** Why {@code id} is not a SPIFFE ID, or {@code null} when it is one. */
	public static @Nullable String problem(String id) {
		if (!id.startsWith(PREFIX)) {
			return "a SPIFFE ID starts with 'spiffe://' (lowercase)";
		}
		if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
			return "a SPIFFE ID is at most " + MAX_ID_BYTES + " bytes";
		}
		String rest = id.substring(PREFIX.length());
		int slash = rest.indexOf('/');
		String trustDomain = (slash < 0) ? rest : rest.substring(0, slash);
		String problem = trustDomainProblem(trustDomain);
		if (problem != null) {
			return problem;
		}
		if (slash < 0) {
			return null;
		}
		String path = rest.substring(slash);
		for (String segment : path.substring(1).split("/", -1)) {
			if (segment.isEmpty()) {
				return "a SPIFFE ID's path has no empty segment and no trailing slash";
			}
			if (segment.equals(".") || segment.equals("..")) {
				return "a SPIFFE ID's path has no '.' or '..' segment";
			}
			for (int i = 0; i < segment.length(); i++) {
				if (!pathCharacter(segment.charAt(i))) {
					return "a SPIFFE ID's path holds only letters, digits, '.', '-' and '_' (found '"
							+ printable(segment.charAt(i)) + "'; no query, fragment or percent-encoding)";
				}
			}
		}
		return null;
	}

	private static @Nullable String trustDomainProblem(String name) {
		if (name.isEmpty()) {
			return "a SPIFFE trust domain is not empty";
		}
		if (name.length() > MAX_TRUST_DOMAIN) {
			return "a SPIFFE trust domain is at most " + MAX_TRUST_DOMAIN + " characters";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
				return "a SPIFFE trust domain holds only lowercase letters, digits, '.', '-' and '_' (found '"
						+ printable(c) + "'; no port, user, query or fragment)";
			}
		}
		return null;
	}

	private static boolean pathCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
				|| c == '_';
	}

	/** A character safe to quote in a message and a log line. */
	private static String printable(char c) {
		return (c >= 0x21 && c < 0x7f) ? String.valueOf(c) : String.format("\\u%04x", (int) c);
	}

}
