package io.github.mtls.autoconfigure;

import io.github.mtls.policy.UnpinnedTrustAnchorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link UnpinnedTrustAnchorException}: which anchor, and how to pin or remove it. */
class UnpinnedTrustAnchorFailureAnalyzer extends AbstractFailureAnalyzer<UnpinnedTrustAnchorException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnpinnedTrustAnchorException cause) {
		String description = "The client trust store holds a trust anchor that is not pinned.\n\n"
				+ StartupAuditDescriptions.certificate(cause.getSubject(), cause.getSha256(), cause.getSource())
				+ "    Pinned:      " + String.join(", ", cause.getPinned()) + "\n\n"
				+ "A CA that is not pinned must not be able to authenticate clients, so the application does not start.";
		String action = "Remove the certificate from " + cause.getSource() + ", or, if it may issue client "
				+ "certificates, add its fingerprint to '" + UnpinnedTrustAnchorException.PROPERTY + "': "
				+ cause.getSha256();
		return new FailureAnalysis(description, action, cause);
	}

}
