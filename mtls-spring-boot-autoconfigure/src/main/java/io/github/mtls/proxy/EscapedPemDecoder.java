package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * URL-encoded PEM: nginx's {@code $ssl_client_escaped_cert} (the leaf) and the AWS Application
 * Load Balancer's {@code X-Amzn-Mtls-Clientcert} (the whole chain, leaf first, with {@code +},
 * {@code =} and {@code /} left unescaped). Plain PEM, as nginx's deprecated {@code $ssl_client_cert}
 * sends it with tab-indented lines, decodes too: it contains no {@code %}.
 */
final class EscapedPemDecoder implements CertificateHeaderDecoder {

	@Override
	public List<X509Certificate> decode(ForwardedHeaders headers) throws MalformedHeaderException {
		String leaf = CertificateHeaderDecoder.single(headers.certificate());
		if (leaf.isEmpty()) {
			CertificateHeaderDecoder.noChainWithoutCertificate(headers.chain());
			return List.of();
		}
		List<X509Certificate> chain = new ArrayList<>(CertificateEncodings.pem(CertificateEncodings.percentDecode(leaf)));
		for (String line : headers.chain()) {
			if (!line.isBlank()) {
				chain.addAll(CertificateEncodings.pem(CertificateEncodings.percentDecode(line.strip())));
			}
		}
		return chain;
	}

}
