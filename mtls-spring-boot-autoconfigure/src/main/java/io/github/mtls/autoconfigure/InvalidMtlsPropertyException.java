package io.github.mtls.autoconfigure;

/**
 * A {@code mtls.*} property that cannot be used, found at startup. Reported by
 * {@link InvalidMtlsPropertyFailureAnalyzer} with the property, the value and the fix.
 */
public class InvalidMtlsPropertyException extends RuntimeException {

	private final String property;

	private final String value;

	private final String problem;

	private final String action;

	public InvalidMtlsPropertyException(String property, String value, String problem, String action) {
		super("Invalid property '" + property + "' (value '" + value + "'): " + problem);
		this.property = property;
		this.value = value;
		this.problem = problem;
		this.action = action;
	}

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
