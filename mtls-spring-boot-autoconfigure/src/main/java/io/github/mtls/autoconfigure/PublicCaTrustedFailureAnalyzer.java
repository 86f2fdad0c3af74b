package io.github.mtls.autoconfigure;

import io.github.mtls.audit.PublicCaAudit;
import io.github.mtls.audit.PublicCaTrustedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link PublicCaTrustedException}: which public CA is trusted, and what to do. */
class PublicCaTrustedFailureAnalyzer extends AbstractFailureAnalyzer<PublicCaTrustedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PublicCaTrustedException cause) {
		String description = "A publicly trusted CA is a client trust anchor.\n\n"
				+ StartupAuditDescriptions.certificate(cause.getSubject(), cause.getSha256(), cause.getSource())
				+ "    Public root: " + cause.getPublicRoot() + " (JDK cacerts)\n\n"
				+ "Anyone can obtain a certificate from a public CA, so it must not decide who your clients are.";
		String action = "Trust only the CA that issues your clients' certificates (for example with "
				+ "'mtls.trust.bundle'), or, if a public CA is really intended, set '" + PublicCaAudit.PROPERTY
				+ "' to true and pin every identity by fingerprint or public key.";
		return new FailureAnalysis(description, action, cause);
	}

}
