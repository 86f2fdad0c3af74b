package io.github.mtls.spiffe;

/**
 * Where the Workload API's client trust goes: on every update, the complete set of bundles per
 * trust domain, replacing the previous set as a whole. This is the one seam between SPIFFE and the
 * trust material the pipeline reads; a source of configuration snapshots can implement it to make
 * SPIFFE one more producer of snapshots.
 */
@FunctionalInterface
public interface SpiffeTrust {

	/**
	 * Replaces the client trust with {@code bundles}.
	 * @param bundles the bundles of every trust domain of one update
	 */
	void replace(TrustBundles bundles);

}
