package io.github.mtls.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The TLS handshake's part in client authentication ({@code mtls.handshake.*}).
 */
@ConfigurationProperties("mtls.handshake")
public class HandshakeProperties {

	/**
	 * Whether the TLS handshake leaves the judgement of a client's chain to the starter. The
	 * handshake still requires a certificate and the proof of its private key, but accepts any
	 * chain; the starter validates its path against the client trust anchors and refuses it with an
	 * RFC 9457 problem and its reason code (403 certificate_expired instead of a TLS alert). Needs
	 * client trust anchors (server.ssl or mtls.trust.bundle). Tomcat, and Reactor Netty with
	 * server.ssl.bundle.
	 */
	private boolean deferRefusals;

	public boolean isDeferRefusals() {
		return this.deferRefusals;
	}

	public void setDeferRefusals(boolean deferRefusals) {
		this.deferRefusals = deferRefusals;
	}

}
