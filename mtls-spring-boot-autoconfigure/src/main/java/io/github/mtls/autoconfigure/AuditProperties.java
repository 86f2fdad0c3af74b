package io.github.mtls.autoconfigure;

import io.github.mtls.audit.SuccessEvents;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The startup audit of the trust set-up and the audit events of requests ({@code mtls.audit.*}).
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

	/**
	 * Which accepted requests publish an authentication success event: 'per-connection' publishes
	 * once per identity, certificate and TLS session (or connection, where the hop to the application
	 * is plain HTTP), 'per-request' on every request. Refusals are published on every request either
	 * way.
	 */
	private SuccessEvents.Scope successEvents = SuccessEvents.Scope.PER_CONNECTION;

	public SuccessEvents.Scope getSuccessEvents() {
		return this.successEvents;
	}

	public void setSuccessEvents(SuccessEvents.Scope successEvents) {
		this.successEvents = successEvents;
	}

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
