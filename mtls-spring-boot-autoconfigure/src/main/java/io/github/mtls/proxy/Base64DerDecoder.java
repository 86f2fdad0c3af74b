package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Base64 of DER, as HAProxy sends {@code %[ssl_c_der,base64]} (the leaf) and
 * {@code %[ssl_c_chain_der,base64]} (the CA certificates the client sent, back to back). A value
 * quoted by HAProxy's {@code %{+Q}} log-format flag is unquoted first.
 */
final class Base64DerDecoder implements CertificateHeaderDecoder {

	@Override
	public List<X509Certificate> decode(ForwardedHeaders headers) throws MalformedHeaderException {
		String leaf = unquote(CertificateHeaderDecoder.single(headers.certificate()));
		if (leaf.isEmpty()) {
			CertificateHeaderDecoder.noChainWithoutCertificate(headers.chain());
			return List.of();
		}
		List<X509Certificate> chain = new ArrayList<>();
		chain.add(CertificateEncodings.der(CertificateEncodings.base64(leaf)));
		for (String line : headers.chain()) {
			String value = unquote(line.strip());
			if (!value.isEmpty()) {
				chain.addAll(CertificateEncodings.concatenatedDer(CertificateEncodings.base64(value)));
			}
		}
		return chain;
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

}
