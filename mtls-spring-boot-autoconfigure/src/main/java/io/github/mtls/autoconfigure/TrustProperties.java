package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.List;

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

	/**
	 * SHA-256 fingerprints (hex, colons and case ignored) of the only trust anchors allowed to
	 * issue client certificates. When set, startup fails if the client trust store holds any other
	 * anchor, and every request's chain must end in one of these anchors (a CA slipped into the
	 * trust store later authenticates nobody). Empty: no pinning.
	 */
	private List<String> anchorsSha256 = new ArrayList<>();

	/**
	 * Whether a publicly trusted root CA (one of the JDK's cacerts) may be a client trust anchor.
	 * Anyone can buy a certificate from a public CA, so this is refused at startup by default.
	 */
	private boolean allowPublicCa;

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public List<String> getAnchorsSha256() {
		return this.anchorsSha256;
	}

	public void setAnchorsSha256(List<String> anchorsSha256) {
		this.anchorsSha256 = anchorsSha256;
	}

	public boolean isAllowPublicCa() {
		return this.allowPublicCa;
	}

	public void setAllowPublicCa(boolean allowPublicCa) {
		this.allowPublicCa = allowPublicCa;
	}

}
