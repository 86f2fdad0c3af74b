package io.github.mtls.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The startup audit of the trust set-up ({@code mtls.audit.*}).
 */
@ConfigurationProperties("mtls.audit")
public class AuditProperties {

	/**
	 * Whether to log, once at startup and at INFO, what an auditor asks for: the trust anchors
	 * (subject, SHA-256 fingerprint, notAfter), the pinned identities and their selectors, the
	 * revocation mode and the proxy mode.
	 */
	private boolean report = true;

	public boolean isReport() {
		return this.report;
	}

	public void setReport(boolean report) {
		this.report = report;
	}

}
