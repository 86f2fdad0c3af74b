package io.github.mtls.core;

import org.jspecify.annotations.Nullable;

/**
 * How a client certificate reached the application: from the TLS handshake itself, or forwarded
 * by a trusted TLS-terminating proxy (named by its address).
 *
 * @param forwarded whether the certificate arrived in a header from a proxy
 * @param proxy the proxy's address when forwarded
 * @param proxyValidated whether the proxy is trusted to have validated the chain
 * ({@code mtls.proxy.revalidate-chain=false}), so the application does not validate its path
 */
public record CertificateOrigin(boolean forwarded, @Nullable String proxy, boolean proxyValidated) {

	/** The certificate came from this server's own TLS handshake. */
	public static final CertificateOrigin DIRECT = new CertificateOrigin(false, null, false);

	/** A chain forwarded by the proxy at {@code address}, validated again by the application. */
	public static CertificateOrigin proxy(String address) {
		return new CertificateOrigin(true, address, false);
	}

	/** A chain forwarded by the proxy at {@code address}, trusted as the proxy validated it. */
	public static CertificateOrigin validatingProxy(String address) {
		return new CertificateOrigin(true, address, true);
	}

	/** {@code direct} or {@code proxy:<address>}, as written to logs and audit events. */
	@Override
	public String toString() {
		return this.forwarded ? "proxy:" + this.proxy : "direct";
	}

}
