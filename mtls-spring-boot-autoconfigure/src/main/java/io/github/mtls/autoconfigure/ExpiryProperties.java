package io.github.mtls.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Certificate expiry monitoring ({@code mtls.expiry.*}).
 */
@ConfigurationProperties("mtls.expiry")
public class ExpiryProperties {

	/**
	 * How long before its notAfter a certificate (server, trust anchor, intermediate or a pinned
	 * client's last-seen one) is reported as EXPIRING_SOON and logged at WARN.
	 */
	private Duration warningThreshold = Duration.ofDays(30);

	public Duration getWarningThreshold() {
		return this.warningThreshold;
	}

	public void setWarningThreshold(Duration warningThreshold) {
		this.warningThreshold = warningThreshold;
	}

}
