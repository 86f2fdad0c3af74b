package io.github.mtls.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

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

	/** The attribute types that RFC 2253 (and {@link X500Principal}) name by keyword. */
	private static final Map<String, String> RFC2253_KEYWORDS = Map.of("2.5.4.3", "cn", "2.5.4.6", "c", "2.5.4.7", "l",
			"2.5.4.8", "st", "2.5.4.10", "o", "2.5.4.11", "ou", "2.5.4.9", "street", "0.9.2342.19200300.100.1.25", "dc",
			"0.9.2342.19200300.100.1.1", "uid");

	private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,17}))+");

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

	private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9*_.-]+");

	/** Separators a hex value may be written with ({@code ab:cd}, spaces): dropped. */
	private static final Pattern HEX_SEPARATORS = Pattern.compile("[:\\s]");

	// Compiled once, as the others: every pinned identity's values are canonicalised at startup.

	/** Leading and trailing spaces of a name's value (RFC 4518 2.6). */
	private static final Pattern EDGE_SPACES = Pattern.compile("^ +| +$");

	/** Inner runs of spaces in a name's value, which count as one. */
	private static final Pattern INNER_SPACES = Pattern.compile(" {2,}");

	private Names() {
	}

	/**
	 * The canonical form of an RFC 4514 distinguished name, compared as written: only ASCII case,
	 * spacing around {@code =}, {@code ,} and {@code +}, and keyword spelling are ignored (see
	 * {@link #canonical(X500Principal)}).
	 * @throws IllegalArgumentException when {@code dn} is not a distinguished name
	 */
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

	/**
	 * The canonical form of a name, the one every DN comparison of this project uses. It differs
	 * from {@link X500Principal#CANONICAL} in what it does not fold: that form lowercases with
	 * Unicode rules and applies NFKD, so {@code CN=ｏｒｄｅｒｓ} (fullwidth), {@code CN=orderſ}
	 * (long s) and {@code OU=Servıces} (dotless i) equal {@code CN=orders} and {@code OU=Services}.
	 * Here only {@code A-Z} fold to {@code a-z} and, as RFC 4518 2.6 (insignificant space) and RFC
	 * 5280 name chaining ask (PKITS 4.3.3, 4.3.4), leading and trailing spaces go and inner runs of
	 * spaces count as one; every other character, other whitespace included, must be the same.
	 * Otherwise as that form: attribute types are the RFC 2253 keywords ({@code cn c l st o ou
	 * street dc uid}) or dotted OIDs, RDNs in RFC 4514 order (most specific first), the values of a
	 * multi-valued RDN sorted (X.501 gives them no order), PrintableString and UTF8String values of
	 * keyword types compared as text, every other value by its DER ({@code #hex}). Names equal here
	 * are thus equal under {@link X500Principal#equals}.
	 * @throws IllegalArgumentException when the encoding is not a name
	 */
	public static String canonical(X500Principal principal) {
		RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs();
		StringBuilder name = new StringBuilder();
		for (int i = rdns.length - 1; i >= 0; i--) {
			AttributeTypeAndValue[] values = rdns[i].getTypesAndValues();
			String[] attributes = new String[values.length];
			for (int j = 0; j < values.length; j++) {
				attributes[j] = attribute(values[j]);
			}
			Arrays.sort(attributes);
			name.append((i < rdns.length - 1) ? "," : "").append(String.join("+", attributes));
		}
		return name.toString();
	}

	/** Whether two names are the same by {@link #canonical(X500Principal)}. */
	public static boolean sameName(X500Principal one, X500Principal other) {
		// X500Principal.equals folds more, so it is a cheap first filter (its form is cached)
		return one.equals(other) && (Arrays.equals(one.getEncoded(), other.getEncoded())
				|| canonical(one).equals(canonical(other)));
	}

	private static String attribute(AttributeTypeAndValue attribute) {
		String type = RFC2253_KEYWORDS.get(attribute.getType().getId());
		ASN1Primitive value = attribute.getValue().toASN1Primitive();
		if (type != null && (value instanceof ASN1PrintableString || value instanceof ASN1UTF8String)) {
			String text = INNER_SPACES.matcher(EDGE_SPACES.matcher(((ASN1String) value).getString()).replaceAll(""))
				.replaceAll(" ");
			return type + "=" + escape(text);
		}
		try {
			return ((type != null) ? type : attribute.getType().getId()) + "=#"
					+ HexFormat.of().formatHex(value.getEncoded(ASN1Encoding.DER));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("unencodable attribute value", ex);
		}
	}

	/** RFC 4514 2.4 escaping, so that distinct names stay distinct, with ASCII case folded. */
	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				escaped.append((char) (c + ('a' - 'A')));
			}
			else if (c < 0x20 || c == 0x7f) {
				escaped.append('\\').append(HexFormat.of().toHexDigits((byte) c));
			}
			else if ("\\,+\"<>;=".indexOf(c) >= 0 || (c == '#' && i == 0)
					|| (c == ' ' && (i == 0 || i == value.length() - 1))) {
				escaped.append('\\').append(c);
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/** A DNS name, lowercase, without a trailing dot. */
	public static String dns(String name) {
		String value = name.trim().toLowerCase(Locale.ROOT);
		if (value.endsWith(".")) {
			value = value.substring(0, value.length() - 1);
		}
		if (value.isEmpty() || !DNS_NAME.matcher(value).matches()) {
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
		String value = HEX_SEPARATORS.matcher(fingerprint).replaceAll("").toLowerCase(Locale.ROOT);
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
		String value = HEX_SEPARATORS.matcher(serial).replaceAll("").toLowerCase(Locale.ROOT);
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
