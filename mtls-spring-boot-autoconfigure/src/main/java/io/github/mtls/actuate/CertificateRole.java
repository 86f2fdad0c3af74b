package io.github.mtls.actuate;

/**
 * Why the service depends on a certificate; the {@code role} tag of {@code mtls.certificate.expiry}.
 */
public enum CertificateRole {

	/** A certificate of a chain the server presents. */
	SERVER("server"),

	/** A self-issued CA certificate the server accepts client certificates from. */
	TRUST_ANCHOR("trust-anchor"),

	/** A CA certificate in the client trust store that is issued by another CA. */
	INTERMEDIATE("intermediate"),

	/** The certificate a pinned identity last presented. */
	CLIENT("client");

	private final String tag;

	CertificateRole(String tag) {
		this.tag = tag;
	}

	/** The value of the {@code role} tag and of {@code role} in Actuator output. */
	public String tag() {
		return this.tag;
	}

}
