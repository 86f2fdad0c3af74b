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

	/** Pinned subjects by their RDNs in any order, built on the first refusal ({@link #reorderedSubjectMatch}). */
	private volatile @Nullable Map<String, List<ClientIdentity>> subjectsByRdns;

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
	 * Explains, for the log and the verify endpoint (never the response), why no identity matches the
	 * certificate: the nearest identity, the one of most matching selectors among those the
	 * certificate reaches through the index, with the first selector it fails and the certificate's
	 * value for it; else a subject pinned with its RDNs in another order. Computed only on refusal,
	 * with the same lookups as {@link #match} and at most {@value #SHOWN_VALUES} values shown.
	 */
	public String unmatchedDetail(CertificateFacts facts) {
		ClientIdentity nearest = null;
		int best = 0;
		for (Map.Entry<SelectorKind, Map<String, List<ClientIdentity>>> kind : this.index.entrySet()) {
			for (String value : kind.getKey().valuesOf(facts)) {
				for (ClientIdentity candidate : kind.getValue().getOrDefault(value, List.of())) {
					int matching = matching(candidate, facts).size();
					if (matching > best) {
						nearest = candidate;
						best = matching;
					}
				}
			}
		}
		if (nearest != null) {
			List<SelectorKind> matching = matching(nearest, facts);
			SelectorKind failed = nearest.selectors()
				.keySet()
				.stream()
				.filter((kind) -> !matching.contains(kind))
				.sorted()
				.findFirst()
				.orElseThrow();
			List<String> values = failed.valuesOf(facts);
			String shown = values.isEmpty() ? "absent"
					: "\"" + String.join("\", \"", values.subList(0, Math.min(SHOWN_VALUES, values.size()))) + "\""
							+ ((values.size() > SHOWN_VALUES) ? " and " + (values.size() - SHOWN_VALUES) + " more" : "");
			return "no pinned identity matches; identity '" + nearest.name() + "' matches "
					+ String.join(", ", matching.stream().map(SelectorKind::property).toList()) + " but not "
					+ failed.property() + ": certificate " + failed.property() + " is " + shown;
		}
		ClientIdentity reordered = reorderedSubjectMatch(facts);
		if (reordered != null) {
			return "no pinned identity matches; identity '" + reordered.name()
					+ "' has subject-dn with the RDNs in another order: write it as \"" + facts.subjectName()
					+ "\" (RFC 2253 order, as openssl x509 -nameopt RFC2253 prints it)";
		}
		return "no pinned identity matches";
	}

	/** The most certificate values an explanation quotes (a certificate may carry hundreds of names). */
	static final int SHOWN_VALUES = 3;

	private static List<SelectorKind> matching(ClientIdentity identity, CertificateFacts facts) {
		List<SelectorKind> matching = new ArrayList<>(identity.selectors().size());
		for (Map.Entry<SelectorKind, Set<String>> selector : identity.selectors().entrySet()) {
			if (selector.getKey().valuesOf(facts).stream().anyMatch(selector.getValue()::contains)) {
				matching.add(selector.getKey());
			}
		}
		matching.sort(null);
		return matching;
	}

	/**
	 * Finds an identity whose {@code subject-dn} names the certificate's subject with the same RDNs in
	 * another order: reversed, the way {@code openssl x509 -subject} prints them by default (most
	 * general first), or in the order of a CA's policy section. Only used to explain a refusal in the
	 * log; never to match. The index it needs is built on the first refusal.
	 */
	public @Nullable ClientIdentity reorderedSubjectMatch(CertificateFacts facts) {
		Map<String, List<ClientIdentity>> byRdns = this.subjectsByRdns;
		if (byRdns == null) {
			byRdns = new HashMap<>();
			for (Map.Entry<String, List<ClientIdentity>> subject : this.index
				.getOrDefault(SelectorKind.SUBJECT_DN, Map.of())
				.entrySet()) {
				String rdns = rdnsInAnyOrder(subject.getKey());
				if (rdns != null) {
					byRdns.computeIfAbsent(rdns, (key) -> new ArrayList<>(1)).addAll(subject.getValue());
				}
			}
			this.subjectsByRdns = byRdns;
		}
		String rdns = rdnsInAnyOrder(facts.subject());
		List<ClientIdentity> candidates = (rdns != null) ? byRdns.get(rdns) : null;
		return (candidates != null) ? candidates.get(0) : null;
	}

	/** The RDNs of a canonical DN of two or more, sorted, or {@code null}. */
	private static @Nullable String rdnsInAnyOrder(String dn) {
		try {
			List<Rdn> rdns = new LdapName(dn).getRdns();
			return (rdns.size() < 2) ? null
					: String.join("\n", rdns.stream().map(Rdn::toString).sorted().toList());
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
