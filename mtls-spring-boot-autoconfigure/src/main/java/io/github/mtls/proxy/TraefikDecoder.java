package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Traefik's {@code passTLSClientCert} middleware with {@code pem: true}: for each certificate of
 * the chain, leaf first, the PEM without its BEGIN/END lines and newlines (that is, the base64 of
 * the DER), URL-escaped, joined with commas, in {@code X-Forwarded-Tls-Client-Cert}.
 */
final class TraefikDecoder implements CertificateHeaderDecoder {

	@Override
	public List<X509Certificate> decode(ForwardedHeaders headers) throws MalformedHeaderException {
		String value = CertificateHeaderDecoder.single(headers.certificate());
		if (value.isEmpty()) {
			return List.of();
		}
		List<X509Certificate> chain = new ArrayList<>();
		for (String member : value.split(",", -1)) {
			String base64 = CertificateEncodings.withoutWhitespace(CertificateEncodings.percentDecode(member.strip()));
			chain.add(CertificateEncodings.der(CertificateEncodings.base64(base64)));
		}
		return chain;
	}

}
