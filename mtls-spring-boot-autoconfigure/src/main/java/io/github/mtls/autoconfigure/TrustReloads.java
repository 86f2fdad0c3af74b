package io.github.mtls.autoconfigure;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.policy.ClientTrust;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.TrustAudit;
import io.github.mtls.reload.TrustAndIdentities.Part;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;

/**
 * What a reloaded SSL bundle becomes: validated as at startup, then adopted by the
 * {@link CurrentConfiguration} or rejected with the property that refuses it.
 */
final class TrustReloads {

	private TrustReloads() {
	}

	/** Reloaded client trust anchors: adopted only when every {@link TrustAudit} passes them. */
	static void anchors(CurrentConfiguration current, ClientTrust candidate, ObjectProvider<TrustAudit> audits) {
		for (TrustAudit audit : audits.orderedStream().toList()) {
			TrustAudit.Finding finding;
			try {
				finding = audit.audit(candidate);
			}
			catch (RuntimeException ex) {
				// An audit that cannot decide does not let the anchors in: fail closed.
				finding = new TrustAudit.Finding("mtls.trust.bundle", "the reloaded trust store cannot be audited: "
						+ ex.getClass().getSimpleName());
			}
			if (finding != null) {
				current.reject(Part.TRUST, candidate.source(), finding.property(), finding.problem());
				return;
			}
		}
		current.adoptTrust(candidate);
	}

	/** A reloaded intermediates bundle, with the configured locations read again beside it. */
	static void intermediates(CurrentConfiguration current, TrustProperties.Intermediates configured, String bundle,
			SslBundle updated, ResourceLoader resources, SslBundles bundles, Clock clock) {
		String source = "bundle '" + bundle + "'";
		try {
			TrustProperties.Intermediates locations = new TrustProperties.Intermediates();
			locations.setLocations(configured.getLocations());
			List<X509Certificate> reloaded = new ArrayList<>(
					IntermediatesBinding.read(locations, resources, bundles, clock.instant()));
			reloaded.addAll(IntermediatesBinding.fromBundle(bundle, updated, clock.instant()));
			current.adoptIntermediates(reloaded, source);
		}
		catch (InvalidMtlsPropertyException ex) {
			current.reject(Part.INTERMEDIATES, source, ex.getProperty(), ex.getProblem());
		}
	}

}
