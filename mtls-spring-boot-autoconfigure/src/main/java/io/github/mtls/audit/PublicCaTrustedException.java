package io.github.mtls.audit;

/**
 * A client trust anchor is a publicly trusted CA, and {@code mtls.trust.allow-public-ca} is not set.
 */
public class PublicCaTrustedException extends RuntimeException {

	private final String source;

	private final String subject;

	private final String sha256;

	private final String publicRoot;

	public PublicCaTrustedException(String source, String subject, String sha256, String publicRoot) {
		super("The client trust store (" + source + ") trusts the public CA \"" + subject + "\" (SHA-256 " + sha256
				+ ", public root \"" + publicRoot + "\"); set '" + PublicCaAudit.PROPERTY + "' to allow it");
		this.source = source;
		this.subject = subject;
		this.sha256 = sha256;
		this.publicRoot = publicRoot;
	}

	/** Where the client trust anchors come from. */
	public String getSource() {
		return this.source;
	}

	/** The anchor's subject (RFC 2253). */
	public String getSubject() {
		return this.subject;
	}

	/** The anchor's SHA-256 fingerprint. */
	public String getSha256() {
		return this.sha256;
	}

	/** The subject of the JDK cacerts root the anchor is, shares its key with, or is issued by. */
	public String getPublicRoot() {
		return this.publicRoot;
	}

}
