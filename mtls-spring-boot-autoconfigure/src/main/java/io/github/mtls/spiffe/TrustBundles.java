package io.github.mtls.spiffe;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete X.509 bundles of one Workload API update, per trust domain name: the own trust
 * domain's and the federated ones. Replaced as a whole on every update, so a bundle that is no longer
 * sent is gone (SPIFFE Workload API 5.2).
 *
 * @param byTrustDomain the CA certificates of each trust domain, keyed by name ({@code acme.test})
 */
public record TrustBundles(Map<String, List<X509Certificate>> byTrustDomain) {

	public TrustBundles {
		Map<String, List<X509Certificate>> copy = new LinkedHashMap<>();
		byTrustDomain.forEach((domain, authorities) -> copy.put(domain, List.copyOf(authorities)));
		byTrustDomain = java.util.Collections.unmodifiableMap(copy);
	}

	/** No bundles: nothing is trusted. */
	public static TrustBundles none() {
		return new TrustBundles(Map.of());
	}

	/** The CAs of one trust domain; empty when its bundle was not sent. */
	public List<X509Certificate> of(String trustDomain) {
		return this.byTrustDomain.getOrDefault(trustDomain, List.of());
	}

	/** Every CA of every trust domain: the anchors path validation starts from. */
	public List<X509Certificate> anchors() {
		List<X509Certificate> anchors = new ArrayList<>();
		this.byTrustDomain.values().forEach(anchors::addAll);
		return List.copyOf(anchors);
	}

}
