package io.github.mtls.policy;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The trust anchors the server accepts client certificates from: the trust store of the SSL bundle
 * named by {@code mtls.trust.bundle}, or of the server's own SSL configuration. Proxy mode
 * re-validates forwarded chains against them, anchor pinning and the startup audits inspect them,
 * and Actuator lists them.
 */
public final class ClientTrust {

	private final String source;

	private final List<X509Certificate> anchors;

	private final Set<TrustAnchor> trustAnchors;

	public ClientTrust(String source, List<X509Certificate> anchors) {
		this.source = source;
		this.anchors = List.copyOf(anchors);
		Set<TrustAnchor> trustAnchors = new LinkedHashSet<>();
		for (X509Certificate anchor : this.anchors) {
			trustAnchors.add(new TrustAnchor(anchor, null));
		}
		this.trustAnchors = Collections.unmodifiableSet(trustAnchors);
	}

	/** Reads every certificate entry of a trust store; {@code null} gives no anchors. */
	public static ClientTrust of(String source, @Nullable KeyStore trustStore) {
		List<X509Certificate> anchors = new ArrayList<>();
		if (trustStore != null) {
			try {
				for (String alias : Collections.list(trustStore.aliases())) {
					Certificate certificate = trustStore.getCertificate(alias);
					if (certificate instanceof X509Certificate x509) {
						anchors.add(x509);
					}
				}
			}
			catch (KeyStoreException ex) {
				throw new IllegalStateException("Cannot read the trust store of " + source, ex);
			}
		}
		return new ClientTrust(source, anchors);
	}

	/** Where the anchors come from, for example {@code bundle 'clients'} or {@code server.ssl}. */
	public String source() {
		return this.source;
	}

	/** The anchor certificates. */
	public List<X509Certificate> anchors() {
		return this.anchors;
	}

	/** The anchors as PKIX {@link TrustAnchor}s, for chain validation. */
	public Set<TrustAnchor> trustAnchors() {
		return this.trustAnchors;
	}

}
