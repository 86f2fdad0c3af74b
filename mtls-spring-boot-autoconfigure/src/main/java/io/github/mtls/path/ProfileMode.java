package io.github.mtls.path;

/**
 * Which {@link ProfileRule rules} of the certificate profile are enforced ({@code mtls.trust.profile}).
 */
public enum ProfileMode {

	/** Every rule. */
	STRICT,

	/**
	 * Every rule but the {@link ProfileRule#relaxable() relaxable} ones, for private PKIs with legacy
	 * roots (a v1 root, a CA certificate without a subject key identifier).
	 */
	COMPATIBLE;

	/** Whether a breach of {@code rule} refuses the certificate. */
	public boolean enforces(ProfileRule rule) {
		return this == STRICT || !rule.relaxable();
	}

}
