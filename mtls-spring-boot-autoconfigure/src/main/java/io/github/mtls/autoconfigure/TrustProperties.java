package io.github.mtls.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where client trust anchors come from ({@code mtls.trust.*}).
 */
@ConfigurationProperties("mtls.trust")
public class TrustProperties {

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust store holds the CAs that issue client
	 * certificates. Defaults to the server's own SSL configuration (server.ssl.bundle or
	 * server.ssl.trust-*).
	 */
	private @Nullable String bundle;

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

}
