package io.github.mtls.proxy;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.mtls.identity.CertificateFacts;

/**
 * Encodes a verified chain the way a TLS-terminating proxy forwards it, so that an application in
 * proxy mode ({@code mtls.proxy.*}) decodes exactly what was sent: the inverse of the
 * {@link HeaderFormat} decoders, for the formats a forwarding hop writes (RFC 9440 and XFCC).
 */
public final class ForwardedCertificateEncoder {

	/** RFC 3986 unreserved characters, left as they are by percent-encoding. */
	private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

	private final HeaderFormat format;

	/**
	 * Creates the encoder.
	 * @param format {@link HeaderFormat#RFC9440} or {@link HeaderFormat#XFCC}
	 * @throws IllegalArgumentException for any other format
	 */
	public ForwardedCertificateEncoder(HeaderFormat format) {
		if (!encodes(format)) {
			throw new IllegalArgumentException("cannot forward certificates as " + format);
		}
		this.format = format;
	}

	/** Whether {@code format} is one a forwarding hop can write. */
	public static boolean encodes(HeaderFormat format) {
		return format == HeaderFormat.RFC9440 || format == HeaderFormat.XFCC;
	}

	/** The header names this encoder writes, under the format's default names. */
	public List<String> headerNames() {
		String chain = this.format.chainHeader();
		return (chain != null) ? List.of(this.format.certificateHeader(), chain)
				: List.of(this.format.certificateHeader());
	}

	/**
	 * The headers for a chain.
	 * @param chain the leaf first, then the CA certificates to forward (the anchor need not be among them)
	 * @return header name to value, in the order to send
	 */
	public Map<String, String> headers(List<X509Certificate> chain) {
		try {
			return (this.format == HeaderFormat.RFC9440) ? rfc9440(chain) : xfcc(chain);
		}
		catch (CertificateEncodingException ex) {
			// A certificate that was just validated always has an encoding.
			throw new IllegalStateException("cannot encode a validated certificate", ex);
		}
	}

	/** RFC 9440 section 2: {@code Client-Cert} an Item, {@code Client-Cert-Chain} a List, of DER Byte Sequences. */
	private Map<String, String> rfc9440(List<X509Certificate> chain) throws CertificateEncodingException {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(this.format.certificateHeader(), byteSequence(chain.get(0)));
		if (chain.size() > 1) {
			StringBuilder list = new StringBuilder();
			for (X509Certificate ca : chain.subList(1, chain.size())) {
				list.append((list.length() > 0) ? ", " : "").append(byteSequence(ca));
			}
			headers.put(this.format.chainHeader(), list.toString());
		}
		return headers;
	}

	/**
	 * One XFCC element, as Envoy writes it when it sets the header ({@code SANITIZE_SET}): the leaf's
	 * hash, its URL-encoded PEM ({@code Cert}) and the whole chain's ({@code Chain}, leaf included).
	 */
	private Map<String, String> xfcc(List<X509Certificate> chain) throws CertificateEncodingException {
		String hash = CertificateFacts.sha256(chain.get(0));
		String element = "Hash=" + hash + ";Cert=\"" + percentEncode(pem(chain.get(0))) + "\";Chain=\""
				+ percentEncode(chain.stream().map(ForwardedCertificateEncoder::pemUnchecked).collect(Collectors.joining()))
				+ "\"";
		return Map.of(this.format.certificateHeader(), element);
	}

	private static String byteSequence(X509Certificate certificate) throws CertificateEncodingException {
		return ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
	}

	private static String pem(X509Certificate certificate) throws CertificateEncodingException {
		return "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
	}

	private static String pemUnchecked(X509Certificate certificate) {
		try {
			return pem(certificate);
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("cannot encode a validated certificate", ex);
		}
	}

	/** Every byte but the unreserved characters as {@code %XX}: no separator of XFCC survives. */
	private static String percentEncode(String text) {
		StringBuilder encoded = new StringBuilder(text.length() * 3 / 2);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (UNRESERVED.indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

}
