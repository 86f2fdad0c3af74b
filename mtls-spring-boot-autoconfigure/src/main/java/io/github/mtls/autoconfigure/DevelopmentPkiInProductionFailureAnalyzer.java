package io.github.mtls.autoconfigure;

import io.github.mtls.audit.DevelopmentPkiAudit;
import io.github.mtls.audit.DevelopmentPkiInProductionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link DevelopmentPkiInProductionException}. */
class DevelopmentPkiInProductionFailureAnalyzer extends AbstractFailureAnalyzer<DevelopmentPkiInProductionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentPkiInProductionException cause) {
		String description = "The sample app's development PKI is used in a production run.\n\n"
				+ StartupAuditDescriptions.certificate(cause.getSubject(), cause.getSha256(), cause.getSource())
				+ "    Recognised:  " + DevelopmentPkiAudit.DEVELOPMENT_ROOT_DN + "\n\n"
				+ "Its root CA's private key lies unprotected on a developer's disk.";
		String action = "Use the production PKI's certificates in the prod profile; if this is not a production run, "
				+ "do not activate the prod profile. Only for a throwaway environment that must run with the prod "
				+ "profile, set '" + DevelopmentPkiAudit.PROPERTY + "' to true.";
		return new FailureAnalysis(description, action, cause);
	}

}
