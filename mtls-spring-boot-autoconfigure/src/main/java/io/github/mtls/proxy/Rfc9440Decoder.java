package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9440: {@code Client-Cert} is a Structured Field Item whose value is a Byte Sequence
 * ({@code :base64-DER:}), {@code Client-Cert-Chain} a List of Byte Sequences (RFC 8941), one per
 * CA certificate, leaf excluded. An Item cannot be split over several field lines, so more than one
 * {@code Client-Cert} line is malformed (it is also how a smuggled second value would look); chain
 * lines combine as any List does.
 */
final class Rfc9440Decoder implements CertificateHeaderDecoder {

	@Override
	public List<X509Certificate> decode(ForwardedHeaders headers) throws MalformedHeaderException {
		String leaf = CertificateHeaderDecoder.single(headers.certificate());
		if (leaf.isEmpty()) {
			CertificateHeaderDecoder.noChainWithoutCertificate(headers.chain());
			return List.of();
		}
		List<X509Certificate> chain = new ArrayList<>();
		chain.add(CertificateEncodings.der(byteSequence(leaf)));
		String list = String.join(",", headers.chain());
		if (!list.isBlank()) {
			for (String member : list.split(",", -1)) {
				chain.add(CertificateEncodings.der(byteSequence(member.strip())));
			}
		}
		return chain;
	}

	/** An RFC 8941 section 3.3.5 Byte Sequence item, parameters allowed and ignored. */
	static byte[] byteSequence(String item) throws MalformedHeaderException {
		if (item.length() < 2 || item.charAt(0) != ':') {
			throw new MalformedHeaderException("not a structured-field byte sequence");
		}
		int close = item.indexOf(':', 1);
		if (close < 0) {
			throw new MalformedHeaderException("unterminated byte sequence");
		}
		String base64 = item.substring(1, close);
		for (int i = 0; i < base64.length(); i++) {
			char c = base64.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '+' && c != '/' && c != '=') {
				throw new MalformedHeaderException("invalid character in byte sequence");
			}
		}
		parameters(item.substring(close + 1));
		return CertificateEncodings.base64(base64);
	}

	private static void parameters(String rest) throws MalformedHeaderException {
		if (!rest.isEmpty() && !rest.matches("(;[ ]*[a-z*][a-z0-9_.*-]*(=[^;]*)?)*")) {
			throw new MalformedHeaderException("unexpected text after byte sequence");
		}
	}

}
