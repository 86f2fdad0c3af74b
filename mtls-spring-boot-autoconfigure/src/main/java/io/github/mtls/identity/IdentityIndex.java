package io.github.mtls.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.jspecify.annotations.Nullable;

/**
 * Finds the pinned identity of a certificate without scanning the list: one hash lookup per
 * selector kind in use and per value the certificate carries, then a full match of the few
 * candidates found. The cost does not grow with the number of identities.
 */
public final class IdentityIndex {

	private final Map<String, ClientIdentity> identities;

	private final Map<SelectorKind, Map<String, List<ClientIdentity>>> index = new EnumMap<>(SelectorKind.class);

	public IdentityIndex(Collection<ClientIdentity> identities) {
		Map<String, ClientIdentity> byName = new LinkedHashMap<>();
		for (ClientIdentity identity : identities) {
			byName.put(identity.name(), identity);
			for (Map.Entry<SelectorKind, Set<String>> selector : identity.selectors().entrySet()) {
				if (selector.getKey().identifies()) {
					Map<String, List<ClientIdentity>> values = this.index.computeIfAbsent(selector.getKey(),
							(kind) -> new HashMap<>());
					for (String value : selector.getValue()) {
						values.computeIfAbsent(value, (v) -> new ArrayList<>(1)).add(identity);
					}
				}
			}
		}
		this.identities = Map.copyOf(byName);
	}

	/** Every pinned identity, by name. */
	public Map<String, ClientIdentity> identities() {
		return this.identities;
	}

	public @Nullable ClientIdentity get(String name) {
		return this.identities.get(name);
	}

	/** Finds the identities whose every selector matches the certificate. */
	public Match match(CertificateFacts facts) {
		ClientIdentity found = null;
		List<ClientIdentity> ambiguous = null;
		for (Map.Entry<SelectorKind, Map<String, List<ClientIdentity>>> kind : this.index.entrySet()) {
			for (String value : kind.getKey().valuesOf(facts)) {
				List<ClientIdentity> candidates = kind.getValue().get(value);
				if (candidates == null) {
					continue;
				}
				for (ClientIdentity candidate : candidates) {
					if (candidate == found || (ambiguous != null && ambiguous.contains(candidate))
							|| !candidate.matches(facts)) {
						continue;
					}
					if (found == null) {
						found = candidate;
					}
					else {
						ambiguous = (ambiguous != null) ? ambiguous : new ArrayList<>(List.of(found));
						ambiguous.add(candidate);
					}
				}
			}
		}
		if (ambiguous != null) {
			return new Match(null, List.copyOf(ambiguous));
		}
		return new Match(found, (found != null) ? List.of(found) : List.of());
	}

	/**
	 * Finds an identity whose {@code subject-dn} names the certificate's subject with its RDNs in
	 * reverse order, the way {@code openssl x509 -subject} prints them by default (most general
	 * first). Only used to explain a refusal in the log; never to match.
	 */
	public @Nullable ClientIdentity reversedSubjectMatch(CertificateFacts facts) {
		Map<String, List<ClientIdentity>> subjects = this.index.get(SelectorKind.SUBJECT_DN);
		if (subjects == null) {
			return null;
		}
		try {
			List<Rdn> rdns = new LdapName(facts.subjectName()).getRdns();
			if (rdns.size() < 2) {
				return null;
			}
			// LdapName lists RDNs rightmost first, so joining them in list order reverses the DN.
			String reversed = String.join(",", rdns.stream().map(Rdn::toString).toList());
			List<ClientIdentity> candidates = subjects.get(Names.dn(reversed));
			return (candidates != null) ? candidates.get(0) : null;
		}
		catch (InvalidNameException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The result of matching a certificate.
	 *
	 * @param identity the single matching identity, or {@code null} when none or several match
	 * @param matches every matching identity
	 */
	public record Match(@Nullable ClientIdentity identity, List<ClientIdentity> matches) {

		public boolean ambiguous() {
			return this.matches.size() > 1;
		}

	}

}
