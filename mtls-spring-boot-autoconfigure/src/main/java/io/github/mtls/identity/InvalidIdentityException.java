package io.github.mtls.identity;

/**
 * A value of {@code mtls.identities.<name>.*} that cannot be compiled, found by
 * {@link PinnedIdentities}: at startup it stops the application, on a reload it rejects the change.
 */
public class InvalidIdentityException extends IllegalArgumentException {

	private final String property;

	private final String value;

	private final String problem;

	private final String action;

	InvalidIdentityException(String property, String value, String problem, String action) {
		super(property + " '" + value + "': " + problem);
		this.property = property;
		this.value = value;
		this.problem = problem;
		this.action = action;
	}

	/** The property, with the index of the bad element, e.g. {@code mtls.identities.orders.san-ip[1]}. */
	public String getProperty() {
		return this.property;
	}

	/** The bad value, or a placeholder for a secret's hash (never shown). */
	public String getValue() {
		return this.value;
	}

	public String getProblem() {
		return this.problem;
	}

	public String getAction() {
		return this.action;
	}

}
