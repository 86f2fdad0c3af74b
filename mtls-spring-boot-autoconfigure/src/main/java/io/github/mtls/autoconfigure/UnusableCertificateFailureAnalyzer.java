package io.github.mtls.autoconfigure;

import io.github.mtls.policy.CertificateRole;
import io.github.mtls.audit.CertificateValidityAudit;
import io.github.mtls.audit.UnusableCertificateException;
import io.github.mtls.policy.CertificateStatus;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link UnusableCertificateException}: which certificate, its validity, what to do. */
class UnusableCertificateFailureAnalyzer extends AbstractFailureAnalyzer<UnusableCertificateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnusableCertificateException cause) {
		boolean expired = cause.getStatus() == CertificateStatus.EXPIRED;
		String description = "A " + cause.getRole().description() + " is " + (expired ? "expired" : "not yet valid")
				+ ".\n\n" + StartupAuditDescriptions.certificate(cause.getSubject(), cause.getSha256(), cause.getSource())
				+ "    Valid:       " + cause.getNotBefore() + " to " + cause.getNotAfter() + "\n";
		String action = (cause.getRole() == CertificateRole.TRUST_ANCHOR)
				? "Remove the certificate from " + cause.getSource() + ", or replace it with the CA's current "
						+ "certificate. To start anyway, set '" + CertificateValidityAudit.PROPERTY + "' to true."
				: "Renew the server certificate" + (expired ? "" : " (or check this machine's clock)")
						+ ". To start anyway, set '" + CertificateValidityAudit.PROPERTY + "' to true.";
		return new FailureAnalysis(description, action, cause);
	}

}
