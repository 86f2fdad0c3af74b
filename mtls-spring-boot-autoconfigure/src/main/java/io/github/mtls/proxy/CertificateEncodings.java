package io.github.mtls.proxy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.github.mtls.identity.PemCertificates;

/**
 * The building blocks every header format is made of: RFC 3986 percent-decoding, base64, PEM
 * armour and DER. Strict on purpose: anything that is not exactly one of these encodings is
 * malformed, never guessed at.
 */
final class CertificateEncodings {

	private CertificateEncodings() {
	}

	/**
	 * Decodes RFC 3986 percent-encoding ({@code %XX}) to ASCII text. A {@code +} stays a
	 * {@code +}: it is the form encoding of a space only in HTML forms, and base64 uses it.
	 */
	static String percentDecode(String value) throws MalformedHeaderException {
		if (value.indexOf('%') < 0) {
			return ascii(value);
		}
		StringBuilder decoded = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				if (i + 2 >= value.length()) {
					throw new MalformedHeaderException("truncated percent-encoding");
				}
				int high = Character.digit(value.charAt(i + 1), 16);
				int low = Character.digit(value.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					throw new MalformedHeaderException("invalid percent-encoding");
				}
				c = (char) ((high << 4) | low);
				i += 2;
			}
			if (c > 0x7e || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
				throw new MalformedHeaderException("non-ASCII or control character in certificate text");
			}
			decoded.append(c);
		}
		return decoded.toString();
	}

	private static String ascii(String value) throws MalformedHeaderException {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0x7e || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
				throw new MalformedHeaderException("non-ASCII or control character in certificate text");
			}
		}
		return value;
	}

	/** Standard base64 (RFC 4648 section 4), padding optional, nothing else allowed. */
	static byte[] base64(String value) throws MalformedHeaderException {
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedHeaderException("invalid base64");
		}
	}

	/**
	 * The certificates of PEM text: one or more {@code CERTIFICATE} blocks with only whitespace
	 * around them, read in linear time ({@link PemCertificates}).
	 */
	static List<X509Certificate> pem(String text) throws MalformedHeaderException {
		try {
			return PemCertificates.read(text, Integer.MAX_VALUE);
		}
		catch (PemCertificates.MalformedPemException ex) {
			throw new MalformedHeaderException(ex.getMessage());
		}
	}

	static String withoutWhitespace(String text) {
		StringBuilder stripped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
				stripped.append(c);
			}
		}
		return stripped.toString();
	}

	/** Exactly one DER certificate, no trailing bytes. */
	static X509Certificate der(byte[] der) throws MalformedHeaderException {
		List<X509Certificate> certificates = concatenatedDer(der);
		if (certificates.size() != 1) {
			throw new MalformedHeaderException("expected one DER certificate, found " + certificates.size());
		}
		return certificates.get(0);
	}

	/** One or more DER certificates back to back (HAProxy's {@code ssl_c_chain_der}). */
	static List<X509Certificate> concatenatedDer(byte[] der) throws MalformedHeaderException {
		if (der.length == 0) {
			throw new MalformedHeaderException("empty certificate");
		}
		List<X509Certificate> certificates = new ArrayList<>();
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			int offset = 0;
			while (offset < der.length) {
				if (der[offset] != 0x30) {
					// Not a DER SEQUENCE: the JDK would try PEM or PKCS#7 here, which no format allows.
					throw new MalformedHeaderException("not a DER certificate");
				}
				ByteArrayInputStream in = new ByteArrayInputStream(der, offset, der.length - offset);
				X509Certificate certificate = (X509Certificate) factory.generateCertificate(in);
				int length = der.length - offset - in.available();
				if (length <= 0) {
					throw new MalformedHeaderException("not a DER certificate");
				}
				offset += length;
				certificates.add(certificate);
			}
		}
		catch (CertificateException | RuntimeException ex) {
			// The JDK's DER parser reports some truncations as runtime exceptions.
			throw new MalformedHeaderException("not a DER certificate");
		}
		return certificates;
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
