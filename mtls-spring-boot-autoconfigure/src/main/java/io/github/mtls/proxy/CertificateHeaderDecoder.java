package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.List;

/** Decodes one header format. */
@FunctionalInterface
interface CertificateHeaderDecoder {

	/**
	 * Decodes the certificate chain of a request's forwarded headers.
	 * @param headers the header lines
	 * @return the certificates, leaf first, or an empty list when no certificate was forwarded
	 * @throws MalformedHeaderException when the headers are not exactly the format
	 */
	List<X509Certificate> decode(ForwardedHeaders headers) throws MalformedHeaderException;

	/** A chain without its certificate is not "no certificate": it is a broken or forged header. */
	static void noChainWithoutCertificate(List<String> chain) throws MalformedHeaderException {
		if (!String.join("", chain).isBlank()) {
			throw new MalformedHeaderException("chain header without certificate header");
		}
	}

	/** The single line of the certificate header, stripped; empty when there is none. */
	static String single(List<String> lines) throws MalformedHeaderException {
		if (lines.size() > 1) {
			// A proxy that appends instead of replacing would let the client smuggle its own.
			throw new MalformedHeaderException(lines.size() + " certificate header lines, expected one");
		}
		return lines.isEmpty() ? "" : lines.get(0).strip();
	}

}
