package io.github.mtls.identity;

/**
 * A configured value that cannot be compiled, found by a compiler outside {@code autoconfigure}
 * ({@link PinnedIdentities}, {@code policy.LeafRequirements}), which turns it into the message that
 * names the property: at startup it stops the application, on a reload it rejects the change.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String property;

	private final String value;

	private final String problem;

	private final String action;

	public InvalidSettingException(String property, String value, String problem, String action) {
		super(property + " '" + value + "': " + problem);
		this.property = property;
		this.value = value;
		this.problem = problem;
		this.action = action;
	}

	/** The property, with the index of the bad element, e.g. {@code mtls.identities.orders.san-ip[1]}
	 * or {@code mtls.policy.key-usage[1]}. */
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
