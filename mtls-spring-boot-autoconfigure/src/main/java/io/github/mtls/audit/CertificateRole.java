package io.github.mtls.audit;

/** What an audited certificate is used for, as named in audit messages. */
public enum CertificateRole {

	/** A client trust anchor. */
	TRUST_ANCHOR("trust anchor"),

	/** The server's own certificate or one of its chain. */
	SERVER_CERTIFICATE("server certificate");

	private final String description;

	CertificateRole(String description) {
		this.description = description;
	}

	/** The role in words, for messages. */
	public String description() {
		return this.description;
	}

}
