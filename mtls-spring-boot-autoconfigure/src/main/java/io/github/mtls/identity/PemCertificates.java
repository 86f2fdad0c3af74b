package io.github.mtls.identity;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM certificates from untrusted text (forwarded headers, the Actuator verify operation) in
 * time linear in its length: a fixed-string scan, never a backtracking pattern, and at most a given
 * number of blocks. Strict: only {@code CERTIFICATE} blocks with whitespace around them, standard
 * base64 inside, exactly one DER certificate per block.
 */
public final class PemCertificates {

	private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

	private static final String END = "-----END CERTIFICATE-----";

	private PemCertificates() {
	}

	/**
	 * The certificates of PEM text, in order.
	 * @param text the PEM text
	 * @param maxCertificates how many blocks to read at most; more is malformed
	 * @return one or more certificates
	 * @throws MalformedPemException when the text is anything else, naming the problem but never the text
	 */
	public static List<X509Certificate> read(String text, int maxCertificates) throws MalformedPemException {
		List<X509Certificate> certificates = new ArrayList<>();
		int position = 0;
		while (true) {
			int begin = text.indexOf(BEGIN, position);
			if (!blank(text, position, (begin < 0) ? text.length() : begin)) {
				throw new MalformedPemException("text outside PEM certificate blocks");
			}
			if (begin < 0) {
				break;
			}
			if (certificates.size() == maxCertificates) {
				throw new MalformedPemException("more than " + maxCertificates + " certificates");
			}
			int end = text.indexOf(END, begin + BEGIN.length());
			if (end < 0) {
				throw new MalformedPemException("PEM block without END line");
			}
			certificates.add(der(base64(text, begin + BEGIN.length(), end)));
			position = end + END.length();
		}
		if (certificates.isEmpty()) {
			throw new MalformedPemException("no PEM certificate");
		}
		return certificates;
	}

	private static boolean blank(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!Character.isWhitespace(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static byte[] base64(String text, int from, int to) throws MalformedPemException {
		StringBuilder stripped = new StringBuilder(to - from);
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
				stripped.append(c);
			}
		}
		try {
			return Base64.getDecoder().decode(stripped.toString());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedPemException("invalid base64");
		}
	}

	/** Exactly one DER certificate, no trailing bytes. */
	private static X509Certificate der(byte[] der) throws MalformedPemException {
		// Not a DER SEQUENCE: the JDK would try PEM or PKCS#7 here, which PEM's body never is.
		if (der.length == 0 || der[0] != 0x30) {
			throw new MalformedPemException("not a DER certificate");
		}
		try {
			ByteArrayInputStream in = new ByteArrayInputStream(der);
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(in);
			if (in.available() != 0) {
				throw new MalformedPemException("bytes after the DER certificate");
			}
			return certificate;
		}
		catch (CertificateException | RuntimeException ex) {
			// The JDK's DER parser reports some truncations as runtime exceptions.
			throw new MalformedPemException("not a DER certificate");
		}
	}

	/** Text that is not PEM certificates; the message names the problem, never the text. */
	public static final class MalformedPemException extends Exception {

		MalformedPemException(String message) {
			super(message, null, false, false);
		}

	}

}
