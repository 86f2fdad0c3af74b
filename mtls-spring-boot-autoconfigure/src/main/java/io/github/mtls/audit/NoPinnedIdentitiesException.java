package io.github.mtls.audit;

/**
 * No identity is pinned under {@code mtls.identities}, and {@code mtls.allow-empty} is not set.
 */
public class NoPinnedIdentitiesException extends RuntimeException {

	public NoPinnedIdentitiesException() {
		super("No client identity is pinned under 'mtls.identities', so every request would be refused; "
				+ "pin at least one identity or set '" + PinnedIdentitiesAudit.PROPERTY + "' to true");
	}

}
