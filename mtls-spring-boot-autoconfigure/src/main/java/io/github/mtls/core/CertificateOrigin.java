package io.github.mtls.core;

import org.jspecify.annotations.Nullable;

/**
 * How a client certificate reached the application: from the TLS handshake itself, or forwarded
 * by a trusted TLS-terminating proxy (named by its address).
 *
 * @param forwarded whether the certificate arrived in a header from a proxy
 * @param proxy the proxy's address when forwarded
 */
public record CertificateOrigin(boolean forwarded, @Nullable String proxy) {

	/** The certificate came from this server's own TLS handshake. */
	public static final CertificateOrigin DIRECT = new CertificateOrigin(false, null);

	public static CertificateOrigin proxy(String address) {
		return new CertificateOrigin(true, address);
	}

	/** {@code direct} or {@code proxy:<address>}, as written to logs and audit events. */
	@Override
	public String toString() {
		return this.forwarded ? "proxy:" + this.proxy : "direct";
	}

}
