package io.github.mtls.audit;

import io.github.mtls.policy.CertificateRole;

/**
 * The sample app's development PKI is trusted or served in a run with a production profile.
 */
public class DevelopmentPkiInProductionException extends RuntimeException {

	private final CertificateRole role;

	private final String source;

	private final String subject;

	private final String sha256;

	public DevelopmentPkiInProductionException(CertificateRole role, String source, String subject,
			String sha256) {
		super("The " + role.description() + " \"" + subject + "\" (SHA-256 " + sha256 + ", " + source
				+ ") belongs to the sample app's development PKI, and a production profile is active; use the "
				+ "production PKI, or set '" + DevelopmentPkiAudit.PROPERTY + "' to start anyway");
		this.role = role;
		this.source = source;
		this.subject = subject;
		this.sha256 = sha256;
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

}
