package io.github.mtls.audit;

import io.github.mtls.policy.CertificateRole;
import java.time.Instant;

import io.github.mtls.policy.CertificateStatus;

/**
 * A trust anchor or the server's certificate is expired or not yet valid at startup.
 */
public class UnusableCertificateException extends RuntimeException {

	private final CertificateRole role;

	private final String source;

	private final String subject;

	private final String sha256;

	private final CertificateStatus status;

	private final Instant notBefore;

	private final Instant notAfter;

	public UnusableCertificateException(CertificateRole role, String source, String subject, String sha256,
			CertificateStatus status, Instant notBefore, Instant notAfter) {
		super("The " + role.description() + " \"" + subject + "\" (SHA-256 " + sha256 + ", " + source + ") is "
				+ ((status == CertificateStatus.EXPIRED) ? "expired since " + notAfter : "not valid before " + notBefore)
				+ "; renew or remove it, or set '" + CertificateValidityAudit.PROPERTY + "' to start anyway");
		this.role = role;
		this.source = source;
		this.subject = subject;
		this.sha256 = sha256;
		this.status = status;
		this.notBefore = notBefore;
		this.notAfter = notAfter;
	}

	/** Whether the certificate is a trust anchor or part of the server's chain. */
	public CertificateRole getRole() {
		return this.role;
	}

	/** Where the certificate comes from. */
	public String getSource() {
		return this.source;
	}

	/** The certificate's subject (RFC 2253). */
	public String getSubject() {
		return this.subject;
	}

	/** The certificate's SHA-256 fingerprint. */
	public String getSha256() {
		return this.sha256;
	}

	/** {@link CertificateStatus#EXPIRED} or {@link CertificateStatus#NOT_YET_VALID}. */
	public CertificateStatus getStatus() {
		return this.status;
	}

	public Instant getNotBefore() {
		return this.notBefore;
	}

	public Instant getNotAfter() {
		return this.notAfter;
	}

}
