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

	/**
	 * Health status reported by the mtls health contributor while a certificate is within the
	 * warning threshold or a pinned client's last-seen certificate has expired (and nothing is
	 * DOWN). UP by default; OUT_OF_SERVICE, or a custom status such as WARNING added to
	 * management.endpoint.health.status.order, turns the warning into a health alert.
	 */
	private String healthStatus = "UP";

	/**
	 * How often certificates are checked for the WARN log. Each certificate within the warning
	 * threshold (or expired) is logged at most once a day.
	 */
	private Duration checkInterval = Duration.ofHours(1);

	public Duration getWarningThreshold() {
		return this.warningThreshold;
	}

	public void setWarningThreshold(Duration warningThreshold) {
		this.warningThreshold = warningThreshold;
	}

	public String getHealthStatus() {
		return this.healthStatus;
	}

	public void setHealthStatus(String healthStatus) {
		this.healthStatus = healthStatus;
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = checkInterval;
	}

}
