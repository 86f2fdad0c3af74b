package io.github.mtls.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidMtlsPropertyException}: the property, its value and what to change. */
class InvalidMtlsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMtlsPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMtlsPropertyException cause) {
		String description = "The mTLS property '" + cause.getProperty() + "' is invalid.\n\n    Property: "
				+ cause.getProperty() + "\n    Value:    " + cause.getValue() + "\n    Problem:  " + cause.getProblem();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
