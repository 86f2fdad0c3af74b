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

	/**
	 * Whether the application may start with an expired or not-yet-valid trust anchor or server
	 * certificate (each is then logged at ERROR), for example to keep serving the clients of the
	 * other anchors while a retired CA is being removed.
	 */
	private boolean allowExpiredCertificates;

	/**
	 * Whether the sample app's development PKI may be used while a prod profile is active; only for
	 * a throwaway environment that must run with the prod profile.
	 */
	private boolean allowDevelopmentPki;

	public boolean isReport() {
		return this.report;
	}

	public void setReport(boolean report) {
		this.report = report;
	}

	public boolean isAllowExpiredCertificates() {
		return this.allowExpiredCertificates;
	}

	public void setAllowExpiredCertificates(boolean allowExpiredCertificates) {
		this.allowExpiredCertificates = allowExpiredCertificates;
	}

	public boolean isAllowDevelopmentPki() {
		return this.allowDevelopmentPki;
	}

	public void setAllowDevelopmentPki(boolean allowDevelopmentPki) {
		this.allowDevelopmentPki = allowDevelopmentPki;
	}

}
