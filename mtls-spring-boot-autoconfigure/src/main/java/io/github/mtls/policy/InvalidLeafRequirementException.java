package io.github.mtls.policy;

/**
 * A value of {@code mtls.policy.extended-key-usage} or {@code mtls.policy.key-usage} that cannot
 * be used, found when {@link LeafRequirements} are compiled.
 */
public class InvalidLeafRequirementException extends IllegalArgumentException {

	private final String property;

	private final String value;

	private final String problem;

	private final String action;

	InvalidLeafRequirementException(String property, String value, String problem, String action) {
		super(property + " '" + value + "': " + problem);
		this.property = property;
		this.value = value;
		this.problem = problem;
		this.action = action;
	}

	/** The property, with the index of the bad element, e.g. {@code mtls.policy.key-usage[1]}. */
	public String getProperty() {
		return this.property;
	}

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
