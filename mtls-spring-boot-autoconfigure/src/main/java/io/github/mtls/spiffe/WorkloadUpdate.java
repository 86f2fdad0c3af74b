package io.github.mtls.spiffe;

import java.time.Instant;

/**
 * One X.509 context from the Workload API: the workload's SVID and the complete set of bundles,
 * always handed on together.
 *
 * @param svid the workload's SVID
 * @param bundles every trust domain's bundle of this update
 * @param received when the update arrived, by the injected clock
 */
public record WorkloadUpdate(Svid svid, TrustBundles bundles, Instant received) {

	/** The trust domain name of the workload's own SVID. */
	public String trustDomain() {
		return io.github.mtls.identity.SpiffeIds.trustDomainOf(this.svid.id());
	}

}
