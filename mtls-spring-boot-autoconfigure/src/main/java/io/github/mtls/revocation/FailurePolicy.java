package io.github.mtls.revocation;

/**
 * What happens to a request whose certificate's revocation status cannot be established (every
 * source failed and no verified status is recent enough).
 */
public enum FailurePolicy {

	/** Refuse with {@code revocation_unknown}: a revoked certificate can never slip through. */
	FAIL_CLOSED,

	/**
	 * Let the request through, log and count it: an outage of the CA's responders does not take the
	 * service down, at the price of accepting a revoked certificate while they are down.
	 */
	FAIL_OPEN;

	/** The property value, e.g. {@code fail-closed}. */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
