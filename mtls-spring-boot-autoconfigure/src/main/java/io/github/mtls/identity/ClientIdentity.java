package io.github.mtls.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pinned client identity, compiled from {@code mtls.identities.<name>}: its name (the
 * authenticated principal's name), the canonical values of each selector it sets, and the
 * authorities it is granted. A certificate is this identity's when, for every selector kind set,
 * the certificate carries one of the listed values.
 *
 * @param name the identity's name, the map key in configuration
 * @param selectors canonical values per selector kind; every kind present must match
 * @param authorities granted authorities
 * @param tokenSubjects the access-token subjects accepted as this identity's second factor
 * @param secrets the hashes of this identity's client secrets (its other second factor)
 */
public record ClientIdentity(String name, Map<SelectorKind, Set<String>> selectors, List<String> authorities,
		Set<String> tokenSubjects, ClientSecrets secrets) {

	public ClientIdentity {
		selectors = Map.copyOf(selectors);
		authorities = List.copyOf(authorities);
		tokenSubjects = Set.copyOf(tokenSubjects);
	}

	/** An identity without second-factor settings. */
	public ClientIdentity(String name, Map<SelectorKind, Set<String>> selectors, List<String> authorities) {
		this(name, selectors, authorities, Set.of(), ClientSecrets.NONE);
	}

	/** Whether every selector of this identity matches the certificate. */
	public boolean matches(CertificateFacts facts) {
		for (Map.Entry<SelectorKind, Set<String>> selector : this.selectors.entrySet()) {
			if (!matchesAny(selector.getValue(), selector.getKey().valuesOf(facts))) {
				return false;
			}
		}
		return true;
	}

	private static boolean matchesAny(Set<String> allowed, List<String> values) {
		for (String value : values) {
			if (allowed.contains(value)) {
				return true;
			}
		}
		return false;
	}

}
