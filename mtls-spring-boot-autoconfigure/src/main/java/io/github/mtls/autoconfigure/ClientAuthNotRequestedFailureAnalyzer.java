package io.github.mtls.autoconfigure;

import io.github.mtls.audit.ClientAuthAudit;
import io.github.mtls.audit.ClientAuthNotRequestedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link ClientAuthNotRequestedException}. */
class ClientAuthNotRequestedFailureAnalyzer extends AbstractFailureAnalyzer<ClientAuthNotRequestedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClientAuthNotRequestedException cause) {
		String description = "The server does not ask for client certificates.\n\n    Property: "
				+ ClientAuthAudit.PROPERTY + "\n    Value:    none\n\n"
				+ "In direct mode the TLS handshake is the only way a client certificate arrives, so no client "
				+ "could ever authenticate.";
		String action = "Set '" + ClientAuthAudit.PROPERTY + "' to need (or want, to keep some paths public), "
				+ "or, behind a TLS-terminating proxy that forwards the client certificate, set 'mtls.proxy.enabled' "
				+ "to true.";
		return new FailureAnalysis(description, action, cause);
	}

}
