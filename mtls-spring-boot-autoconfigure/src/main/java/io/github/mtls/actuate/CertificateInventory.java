package io.github.mtls.actuate;

import io.github.mtls.policy.CertificateRole;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.policy.ClientTrust;

/**
 * Every certificate the service depends on: the chains the server presents, the CA certificates
 * it accepts client certificates from, and the certificate each pinned identity last presented.
 * Server and trust material is read once and again on {@link #refresh()} (wired to SSL bundle
 * reloads); client certificates come live from {@link ClientActivity}. Listeners registered with
 * {@link #onChange} hear about both kinds of change.
 */
public final class CertificateInventory {

	private final Supplier<List<ServerChain>> server;

	private final Supplier<ClientTrust> trust;

	private final Supplier<List<X509Certificate>> intermediates;

	private final ClientActivity clients;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile State state;

	/**
	 * @param server reads the chains the server presents, as currently configured
	 * @param trust reads the client trust anchors, as currently configured
	 * @param clients the pinned identities' activity
	 */
	public CertificateInventory(Supplier<List<ServerChain>> server, Supplier<ClientTrust> trust,
			ClientActivity clients) {
		this(server, trust, List::of, clients);
	}

	/**
	 * @param server reads the chains the server presents, as currently configured
	 * @param trust reads the client trust anchors, as currently configured
	 * @param intermediates reads the configured intermediates ({@code mtls.trust.intermediates})
	 * @param clients the pinned identities' activity
	 */
	public CertificateInventory(Supplier<List<ServerChain>> server, Supplier<ClientTrust> trust,
			Supplier<List<X509Certificate>> intermediates, ClientActivity clients) {
		this.server = server;
		this.trust = trust;
		this.intermediates = intermediates;
		this.clients = clients;
		this.state = read();
		clients.onCertificateChange(this::changed);
	}

	/** Reads server and trust material again, after an SSL bundle reload. */
	public void refresh() {
		this.state = read();
		changed();
	}

	/** Runs {@code listener} whenever a certificate is added, replaced or removed. */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	/** The server's chains, leaf first. */
	public List<ServerChainFacts> serverChains() {
		return this.state.server();
	}

	/** Where the client trust anchors come from, e.g. {@code bundle 'clients'} or {@code server.ssl}. */
	public String trustSource() {
		return this.state.trustSource();
	}

	/** The CA certificates client certificates are accepted from. */
	public List<MonitoredCertificate> trust() {
		return this.state.trust();
	}

	/**
	 * The configured intermediates ({@code mtls.trust.intermediates}), which paths may go through
	 * but never end in.
	 */
	public List<MonitoredCertificate> intermediates() {
		return this.state.intermediates();
	}

	/** Every monitored certificate: server chains, trust, then each pinned identity's last-seen one. */
	public List<MonitoredCertificate> all() {
		State state = this.state;
		List<MonitoredCertificate> all = new ArrayList<>();
		for (ServerChainFacts chain : state.server()) {
			for (CertificateFacts certificate : chain.certificates()) {
				all.add(new MonitoredCertificate(CertificateRole.SERVER, chain.bundle(), certificate));
			}
		}
		all.addAll(state.trust());
		all.addAll(state.intermediates());
		for (Map.Entry<String, CertificateFacts> client : this.clients.lastCertificates().entrySet()) {
			all.add(new MonitoredCertificate(CertificateRole.CLIENT, client.getKey(), client.getValue()));
		}
		return all;
	}

	private void changed() {
		for (Runnable listener : this.listeners) {
			listener.run();
		}
	}

	private State read() {
		List<ServerChainFacts> server = new ArrayList<>();
		for (ServerChain chain : this.server.get()) {
			server.add(new ServerChainFacts(chain.bundle(), chain.alias(),
					chain.certificates().stream().map(CertificateInventory::facts).toList()));
		}
		ClientTrust trust = this.trust.get();
		List<MonitoredCertificate> anchors = new ArrayList<>();
		for (X509Certificate anchor : trust.anchors()) {
			CertificateFacts facts = facts(anchor);
			anchors.add(new MonitoredCertificate(
					facts.selfIssued() ? CertificateRole.TRUST_ANCHOR : CertificateRole.INTERMEDIATE,
					commonName(facts), facts));
		}
		List<MonitoredCertificate> intermediates = new ArrayList<>();
		for (X509Certificate intermediate : this.intermediates.get()) {
			CertificateFacts facts = facts(intermediate);
			intermediates.add(new MonitoredCertificate(CertificateRole.INTERMEDIATE, commonName(facts), facts));
		}
		return new State(List.copyOf(server), trust.source(), List.copyOf(anchors), List.copyOf(intermediates));
	}

	private static CertificateFacts facts(X509Certificate certificate) {
		try {
			return CertificateFacts.of(certificate);
		}
		catch (CertificateParsingException ex) {
			throw new IllegalStateException("Unreadable certificate in the server or trust configuration", ex);
		}
	}

	/** The subject's most specific CN, or the whole subject DN when it has none. */
	static String commonName(CertificateFacts certificate) {
		try {
			List<Rdn> rdns = new LdapName(certificate.subjectName()).getRdns();
			// LdapName lists RDNs from the least specific; the last CN is the most specific.
			for (int i = rdns.size() - 1; i >= 0; i--) {
				if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
					return String.valueOf(rdns.get(i).getValue());
				}
			}
		}
		catch (InvalidNameException ex) {
			// Fall through to the full DN.
		}
		return certificate.subjectName();
	}

	/**
	 * A chain the server presents, as configured.
	 *
	 * @param bundle the SSL bundle name, or {@code server.ssl} for inline server SSL properties
	 * @param alias the key store alias
	 * @param certificates the chain, leaf first
	 */
	public record ServerChain(String bundle, String alias, List<X509Certificate> certificates) {

	}

	/**
	 * A chain the server presents, as facts.
	 *
	 * @param bundle the SSL bundle name, or {@code server.ssl}
	 * @param alias the key store alias
	 * @param certificates the chain, leaf first
	 */
	public record ServerChainFacts(String bundle, String alias, List<CertificateFacts> certificates) {

	}

	private record State(List<ServerChainFacts> server, String trustSource, List<MonitoredCertificate> trust,
			List<MonitoredCertificate> intermediates) {

	}

}
