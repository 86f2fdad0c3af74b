package io.github.mtls.audit;

/**
 * A trust anchor's certificate breaks a rule of the certificate profile that {@code mtls.trust.profile}
 * enforces.
 */
public class NonConformingAnchorException extends RuntimeException {

	private final String subject;

	private final String sha256;

	private final String source;

	private final String breach;

	private final boolean relaxable;

	public NonConformingAnchorException(String subject, String sha256, String source, String breach,
			boolean relaxable) {
		super("The client trust anchor \"" + subject + "\" (SHA-256 " + sha256 + ", " + source + ") is refused: "
				+ breach);
		this.subject = subject;
		this.sha256 = sha256;
		this.source = source;
		this.breach = breach;
		this.relaxable = relaxable;
	}

	/** The anchor's subject (RFC 2253). */
	public String getSubject() {
		return this.subject;
	}

	public String getSha256() {
		return this.sha256;
	}

	/** Where the anchor comes from. */
	public String getSource() {
		return this.source;
	}

	/** The rule broken, its RFC section and what exactly is wrong. */
	public String getBreach() {
		return this.breach;
	}

	/** Whether {@code mtls.trust.profile=compatible} would accept the anchor. */
	public boolean isRelaxable() {
		return this.relaxable;
	}

}
