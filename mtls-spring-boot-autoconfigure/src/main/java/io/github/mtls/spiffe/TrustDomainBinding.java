package io.github.mtls.spiffe;

import java.security.cert.X509Certificate;
import java.util.List;

import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.SpiffeIds;
import org.jspecify.annotations.Nullable;

/**
 * An X.509-SVID is valid only against the bundle of its own trust domain (SPIFFE X509-SVID 5.2):
 * path validation accepts a chain to any CA of any bundle, so this check then requires the path's
 * anchor to be in the bundle of the trust domain the leaf's SPIFFE ID names. Without it, a federated
 * domain's CA could vouch for an ID of the local domain, or of a third domain.
 *
 * <p>Reads the bundles of the last update: a request that meets an update half-way is judged against
 * the old path and the new bundles, and at worst refused, never accepted by a removed CA.
 */
public final class TrustDomainBinding implements ChainCheck {

	/** Before anchor pinning and revocation: a mis-bound SVID causes no further work. */
	public static final int ORDER = -1100;

	private final TrustDomainBundles bundles;

	public TrustDomainBinding(TrustDomainBundles bundles) {
		this.bundles = bundles;
	}

	@Override
	public @Nullable Refusal check(Context chain) {
		List<String> ids = SpiffeIds.idsOf(chain.leaf().sanUri());
		if (ids.isEmpty()) {
			return null;
		}
		String trustDomain = SpiffeIds.trustDomainOf(ids.get(0));
		X509Certificate anchor = chain.path().anchor();
		if (anchor == null) {
			return new Refusal(RefusalReason.CERTIFICATE_UNTRUSTED, "the X.509-SVID of trust domain " + trustDomain
					+ " cannot be bound to its bundle: the application did not validate its path");
		}
		if (!this.bundles.current().of(trustDomain).contains(anchor)) {
			return new Refusal(RefusalReason.CERTIFICATE_UNTRUSTED, "the X.509-SVID of trust domain " + trustDomain
					+ " chains to a CA outside that trust domain's bundle (" + anchor.getSubjectX500Principal().getName()
					+ ")");
		}
		return null;
	}

}
