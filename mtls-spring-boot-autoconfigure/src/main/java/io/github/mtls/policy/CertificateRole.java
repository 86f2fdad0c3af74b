package io.github.mtls.policy;

/**
 * Why the service depends on a certificate: the {@code role} tag of {@code mtls.certificate.expiry}
 * and of Actuator output, and the words startup audits use for it.
 */
public enum CertificateRole {

	/** A certificate of a chain the server presents. */
	SERVER("server", "server certificate"),

	/** A self-issued CA certificate the server accepts client certificates from. */
	TRUST_ANCHOR("trust-anchor", "trust anchor"),

	/** A CA certificate in the client trust store that is issued by another CA. */
	INTERMEDIATE("intermediate", "intermediate CA"),

	/** The certificate a pinned identity last presented. */
	CLIENT("client", "client certificate");

	private final String tag;

	private final String description;

	CertificateRole(String tag, String description) {
		this.tag = tag;
		this.description = description;
	}

	/** The value of the {@code role} tag and of {@code role} in Actuator output. */
	public String tag() {
		return this.tag;
	}

	/** The role in words, for messages. */
	public String description() {
		return this.description;
	}

}
