package io.github.mtls.autoconfigure;

import io.github.mtls.audit.NonConformingAnchorException;
import io.github.mtls.audit.TrustAnchorProfileAudit;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link NonConformingAnchorException}: which anchor, which rule, what to do. */
class NonConformingAnchorFailureAnalyzer extends AbstractFailureAnalyzer<NonConformingAnchorException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NonConformingAnchorException cause) {
		String description = "A client trust anchor does not conform to RFC 5280's certificate profile.\n\n"
				+ StartupAuditDescriptions.certificate(cause.getSubject(), cause.getSha256(), cause.getSource())
				+ "    Rule:        " + cause.getBreach() + "\n";
		String action = cause.isRelaxable()
				? "Replace the anchor with a conforming certificate of the same CA, or, for a legacy private PKI, set '"
						+ TrustAnchorProfileAudit.PROPERTY + "' to 'compatible', which accepts this rule's breach."
				: "Remove the anchor from " + cause.getSource() + " or replace it: this rule is never relaxed.";
		return new FailureAnalysis(description, action, cause);
	}

}
