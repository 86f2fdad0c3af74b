package io.github.mtls.spiffe;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The current bundles per trust domain: the {@link SpiffeTrust} that {@link TrustDomainBinding} and
 * the Actuator read. One volatile reference, swapped as a whole.
 */
public final class TrustDomainBundles implements SpiffeTrust {

	private volatile TrustBundles current = TrustBundles.none();

	@Override
	public void replace(TrustBundles bundles) {
		this.current = bundles;
	}

	/** The bundles of the last update. */
	public TrustBundles current() {
		return this.current;
	}

	/** Every CA of every trust domain now: a supplier of path validation's anchors. */
	public List<X509Certificate> anchors() {
		return this.current.anchors();
	}

}
