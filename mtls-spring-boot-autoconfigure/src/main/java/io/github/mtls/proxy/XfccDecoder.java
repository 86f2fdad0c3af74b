package io.github.mtls.proxy;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.mtls.identity.CertificateFacts;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's {@code x-forwarded-client-cert}: comma-separated elements, one per proxy hop, each a
 * semicolon-separated list of {@code Key=Value} pairs; values with separators are double-quoted
 * with backslash escapes. {@code Cert} is the URL-encoded PEM of the leaf, {@code Chain} of the
 * whole chain (leaf included), {@code Hash} the hex SHA-256 of the leaf's DER.
 *
 * <p>Only the <em>last</em> element counts: Envoy appends its own element for the client it
 * verified ({@code APPEND_FORWARD}) or replaces the header ({@code SANITIZE_SET}); every earlier
 * element was written by someone further away, possibly the client.
 */
final class XfccDecoder implements CertificateHeaderDecoder {

	@Override
	public List<X509Certificate> decode(ForwardedHeaders headers) throws MalformedHeaderException {
		String value = String.join(",", headers.certificate()).strip();
		if (value.isEmpty()) {
			return List.of();
		}
		Map<String, String> element = lastElement(value);
		String cert = element.get("cert");
		String chainText = element.get("chain");
		if (cert == null && chainText == null) {
			return List.of();
		}
		List<X509Certificate> chain = new ArrayList<>();
		if (cert != null) {
			List<X509Certificate> leaf = CertificateEncodings.pem(CertificateEncodings.percentDecode(cert));
			if (leaf.size() != 1) {
				throw new MalformedHeaderException("Cert holds " + leaf.size() + " certificates, expected one");
			}
			chain.add(leaf.get(0));
		}
		if (chainText != null) {
			for (X509Certificate certificate : CertificateEncodings.pem(CertificateEncodings.percentDecode(chainText))) {
				if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
					chain.add(certificate);
				}
			}
		}
		String hash = element.get("hash");
		if (hash != null && !hash.equalsIgnoreCase(sha256(chain.get(0)))) {
			throw new MalformedHeaderException("Hash does not match the certificate");
		}
		return chain;
	}

	/** The pairs of the last element, keys lowercase; a repeated Cert, Chain or Hash is malformed. */
	static Map<String, String> lastElement(String value) throws MalformedHeaderException {
		List<Map<String, String>> elements = new ArrayList<>();
		Map<String, String> element = new LinkedHashMap<>();
		StringBuilder token = new StringBuilder();
		@Nullable String key = null;
		boolean quoted = false;
		boolean wasQuoted = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (quoted) {
				if (c == '\\') {
					if (++i == value.length()) {
						throw new MalformedHeaderException("dangling escape");
					}
					token.append(value.charAt(i));
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					token.append(c);
				}
			}
			else if (c == '"') {
				if (key == null || wasQuoted || !token.toString().isBlank()) {
					throw new MalformedHeaderException("misplaced quote");
				}
				token.setLength(0);
				quoted = true;
				wasQuoted = true;
			}
			else if (c == '=' && key == null) {
				key = token.toString().strip().toLowerCase(Locale.ROOT);
				token.setLength(0);
			}
			else if (c == ';' || c == ',') {
				pair(element, key, token, wasQuoted);
				key = null;
				wasQuoted = false;
				if (c == ',') {
					elements.add(element);
					element = new LinkedHashMap<>();
				}
			}
			else {
				if (wasQuoted && !Character.isWhitespace(c)) {
					throw new MalformedHeaderException("text after quoted value");
				}
				token.append(c);
			}
		}
		if (quoted) {
			throw new MalformedHeaderException("unterminated quoted value");
		}
		pair(element, key, token, wasQuoted);
		elements.add(element);
		Map<String, String> last = elements.get(elements.size() - 1);
		if (last.isEmpty()) {
			throw new MalformedHeaderException("empty last element");
		}
		return last;
	}

	private static void pair(Map<String, String> element, @Nullable String key, StringBuilder token, boolean quoted)
			throws MalformedHeaderException {
		if (key == null) {
			if (!token.toString().isBlank()) {
				throw new MalformedHeaderException("pair without '='");
			}
			token.setLength(0);
			return;
		}
		if (key.isEmpty()) {
			throw new MalformedHeaderException("empty key");
		}
		String value = quoted ? token.toString() : token.toString().strip();
		token.setLength(0);
		if (element.putIfAbsent(key, value) != null
				&& (key.equals("cert") || key.equals("chain") || key.equals("hash"))) {
			throw new MalformedHeaderException("repeated " + key);
		}
	}

	private static String sha256(X509Certificate certificate) throws MalformedHeaderException {
		try {
			return CertificateFacts.sha256(certificate);
		}
		catch (CertificateEncodingException ex) {
			throw new MalformedHeaderException("cannot hash the certificate");
		}
	}

}
