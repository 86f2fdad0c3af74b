package io.github.mtls.proxy;

import java.util.List;

/**
 * The raw values of the forwarded-certificate headers of one request, one element per header line
 * in the order received. Used as the cache key of {@link ForwardedCertificates}, so equal headers
 * on kept-alive requests resolve to the very same certificate instances.
 *
 * @param certificate the lines of the certificate header ({@code Client-Cert}, {@code X-SSL-Client-Cert}, ...)
 * @param chain the lines of the chain header; empty when the format has none or none was sent
 */
public record ForwardedHeaders(List<String> certificate, List<String> chain) {

	public ForwardedHeaders {
		certificate = List.copyOf(certificate);
		chain = List.copyOf(chain);
	}

	/** Only a certificate header, with one line. */
	public static ForwardedHeaders of(String certificate) {
		return new ForwardedHeaders(List.of(certificate), List.of());
	}

	/** Whether no header line was received at all. */
	public boolean isEmpty() {
		return this.certificate.isEmpty() && this.chain.isEmpty();
	}

	/** The total number of characters in every line. */
	public long length() {
		long length = 0;
		for (String line : this.certificate) {
			length += line.length();
		}
		for (String line : this.chain) {
			length += line.length();
		}
		return length;
	}

}
