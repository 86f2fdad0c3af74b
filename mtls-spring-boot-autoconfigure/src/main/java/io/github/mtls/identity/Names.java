package io.github.mtls.identity;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

/**
 * Canonical forms of the names and hashes that identify a certificate, shared by the certificate
 * side ({@link CertificateFacts}) and the configuration side ({@link SelectorKind}) so that both
 * compare equal exactly when they denote the same value. Each method throws
 * {@link IllegalArgumentException} with a message for the user on malformed input.
 */
public final class Names {

	/**
	 * Attribute types that {@link X500Principal} does not know by keyword (matched in any case);
	 * accepting them lets users write {@code emailAddress=} or {@code serialNumber=} as OpenSSL
	 * prints them.
	 */
	private static final Map<String, String> KEYWORDS = Map.ofEntries(Map.entry("EMAILADDRESS", "1.2.840.113549.1.9.1"),
			Map.entry("E", "1.2.840.113549.1.9.1"), Map.entry("SERIALNUMBER", "2.5.4.5"),
			Map.entry("SN", "2.5.4.4"), Map.entry("SURNAME", "2.5.4.4"), Map.entry("GIVENNAME", "2.5.4.42"),
			Map.entry("TITLE", "2.5.4.12"), Map.entry("INITIALS", "2.5.4.43"),
			Map.entry("GENERATION", "2.5.4.44"), Map.entry("DNQUALIFIER", "2.5.4.46"),
			Map.entry("PSEUDONYM", "2.5.4.65"), Map.entry("POSTALCODE", "2.5.4.17"),
			Map.entry("ORGANIZATIONIDENTIFIER", "2.5.4.97"), Map.entry("S", "2.5.4.8"));

	private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,17}))+");

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

	private Names() {
	}

	/** The canonical form of an RFC 4514 distinguished name: spacing, case and keyword spelling ignored. */
	public static String dn(String dn) {
		if (dn.isBlank()) {
			throw new IllegalArgumentException("a distinguished name must not be empty");
		}
		try {
			return canonical(new X500Principal(dn, KEYWORDS));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not an RFC 4514 distinguished name (" + ex.getMessage() + ")");
		}
	}

	static String canonical(X500Principal principal) {
		return principal.getName(X500Principal.CANONICAL);
	}

	/** A DNS name, lowercase, without a trailing dot. */
	public static String dns(String name) {
		String value = name.trim().toLowerCase(Locale.ROOT);
		if (value.endsWith(".")) {
			value = value.substring(0, value.length() - 1);
		}
		if (value.isEmpty() || !value.matches("[a-z0-9*_.-]+")) {
			throw new IllegalArgumentException("not a DNS name");
		}
		return value;
	}

	/** An absolute URI such as a SPIFFE ID, compared exactly as written. */
	public static String uri(String uri) {
		try {
			if (!URI.create(uri).isAbsolute()) {
				throw new IllegalArgumentException("not an absolute URI");
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not an absolute URI (" + ex.getMessage() + ")");
		}
		return uri;
	}

	/** An email address: the local part as written (RFC 5280 4.2.1.6), the domain lowercase. */
	public static String email(String email) {
		int at = email.lastIndexOf('@');
		if (at <= 0 || at == email.length() - 1) {
			throw new IllegalArgumentException("not an email address");
		}
		return email.substring(0, at) + "@" + email.substring(at + 1).toLowerCase(Locale.ROOT);
	}

	/** An IPv4 or IPv6 literal in canonical text form; never resolves a host name. */
	public static String ip(String address) {
		String value = address.trim();
		if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
			throw new IllegalArgumentException("not an IPv4 or IPv6 address");
		}
		try {
			return InetAddress.getByName(value).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an IPv4 or IPv6 address");
		}
	}

	/** A SHA-256 fingerprint as 64 lowercase hex digits; colons, spaces and case ignored. */
	public static String sha256Hex(String fingerprint) {
		String value = fingerprint.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
		if (value.length() != 64 || !HEX.matcher(value).matches()) {
			throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits)");
		}
		return value;
	}

	/** A base64 (standard or URL-safe, optionally prefixed {@code sha256/}) SHA-256 of a public key. */
	public static String spkiSha256(String pin) {
		String value = pin.trim();
		if (value.startsWith("sha256/")) {
			value = value.substring("sha256/".length());
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not base64");
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException("not a base64 SHA-256 (32 bytes), got " + bytes.length + " bytes");
		}
		return Base64.getEncoder().encodeToString(bytes);
	}

	/** A serial number in hex (colons allowed), canonical without leading zeros. */
	public static String serial(String serial) {
		String value = serial.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
		if (value.startsWith("0x")) {
			value = value.substring(2);
		}
		if (value.isEmpty() || !HEX.matcher(value).matches()) {
			throw new IllegalArgumentException("not a hex serial number");
		}
		return new BigInteger(value, 16).toString(16);
	}

	/**
	 * A dotted object identifier (X.660): the first arc 0 to 2, under 0 and 1 a second arc up to 39,
	 * no leading zeros.
	 * @throws IllegalArgumentException when {@code oid} is none
	 */
	public static String objectIdentifier(String oid) {
		if (!OID.matcher(oid).matches()) {
			throw new IllegalArgumentException("not a valid OID");
		}
		String[] arcs = oid.split("\\.");
		if (Integer.parseInt(arcs[0]) < 2 && Long.parseLong(arcs[1]) > 39) {
			throw new IllegalArgumentException("not a valid OID (second arc above 39)");
		}
		return oid;
	}

}
