package io.github.mtls.autoconfigure;

import io.github.mtls.audit.NoPinnedIdentitiesException;
import io.github.mtls.audit.PinnedIdentitiesAudit;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link NoPinnedIdentitiesException}. */
class NoPinnedIdentitiesFailureAnalyzer extends AbstractFailureAnalyzer<NoPinnedIdentitiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoPinnedIdentitiesException cause) {
		String description = "No client identity is pinned under 'mtls.identities', so every request would be "
				+ "refused with identity_not_pinned.";
		String action = "Pin the identities allowed to call the application, for example "
				+ "'mtls.identities.orders.subject-dn: CN=orders,O=Acme' (check the active profiles and the "
				+ "property prefix), or set '" + PinnedIdentitiesAudit.PROPERTY + "' to true if an API nobody may "
				+ "call is intended.";
		return new FailureAnalysis(description, action, cause);
	}

}
