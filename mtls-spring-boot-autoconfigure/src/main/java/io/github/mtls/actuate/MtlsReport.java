package io.github.mtls.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.mtls.revocation.RevocationSnapshot;
import io.github.mtls.spiffe.SpiffeStatus;
import org.jspecify.annotations.Nullable;

/**
 * What {@code /actuator/mtls} shows: every certificate the service depends on, each pinned
 * identity with its activity, the certificates that matched no identity, and revocation.
 *
 * @param time the time the report was made, from the injected clock
 * @param warningThreshold {@code mtls.expiry.warning-threshold}, ISO-8601
 * @param server the chains the server presents
 * @param trust the CA certificates client certificates are accepted from
 * @param identities every pinned identity, by name
 * @param unmatched certificates that passed the handshake but matched no identity, most recent
 * first
 * @param revocation the revocation checker's state, when there is a checker
 * @param configuration the configuration in force: generation, last load and last rejected change
 * @param spiffe the workload's SVID, the bundles per trust domain and the last Workload API update,
 * with SPIFFE
 */
public record MtlsReport(Instant time, String warningThreshold, List<ServerChain> server, Trust trust,
		Map<String, IdentityReport> identities, List<Unmatched> unmatched, @Nullable RevocationSnapshot revocation,
		@Nullable Configuration configuration, @Nullable SpiffeStatus spiffe) {

	/**
	 * The configuration in force.
	 *
	 * @param generation increases with every adopted reload, 1 at startup
	 * @param loaded what was last loaded ({@code trust}, {@code intermediates}, {@code identities})
	 * @param source where from
	 * @param loadedAt when
	 * @param adopted reloads adopted since startup
	 * @param rejected reloads rejected since startup
	 * @param lastRejected the last rejected change, resolved or not
	 * @param identities when and from where the pinned identities in force were loaded
	 */
	public record Configuration(long generation, String loaded, String source, Instant loadedAt, long adopted,
			long rejected, @Nullable Rejected lastRejected, @Nullable Loaded identities) {

	}

	/**
	 * Where a part of the configuration in force was loaded from.
	 *
	 * @param source for example {@code mtls.identities} or {@code mtls.identities-file (/etc/mtls/identities.yaml)}
	 * @param at when, at startup or by its last adopted reload
	 */
	public record Loaded(String source, Instant at) {

	}

	/**
	 * A rejected change: the last good configuration stayed in force.
	 *
	 * @param part {@code trust}, {@code intermediates} or {@code identities}
	 * @param source where the change came from
	 * @param property the property that refused it, as startup names it
	 * @param problem what is wrong
	 * @param at when
	 */
	public record Rejected(String part, String source, String property, String problem, Instant at) {

	}

	/**
	 * A chain the server presents.
	 *
	 * @param bundle the SSL bundle name, or {@code server.ssl}
	 * @param alias the key store alias
	 * @param certificates the chain, leaf first
	 */
	public record ServerChain(String bundle, String alias, List<CertificateView> certificates) {

	}

	/**
	 * The client trust store.
	 *
	 * @param source where it comes from, e.g. {@code bundle 'clients'} or {@code server.ssl}
	 * @param anchors self-issued CA certificates
	 * @param intermediates CA certificates issued by another CA
	 */
	public record Trust(String source, List<CertificateView> anchors, List<CertificateView> intermediates) {

	}

	/**
	 * One pinned identity.
	 *
	 * @param selectors the canonical values of each selector, by property name
	 * @param authorities the authorities it is granted
	 * @param lastSeen when it last presented its certificate, or {@code null} if never since start
	 * @param lastCertificate the certificate it last presented
	 * @param accepted accepted requests since start
	 * @param refused refused requests since start
	 * @param lastRefusal the reason code of its last refusal
	 */
	public record IdentityReport(Map<String, List<String>> selectors, List<String> authorities,
			@Nullable Instant lastSeen, @Nullable CertificateView lastCertificate, long accepted, long refused,
			@Nullable String lastRefusal) {

	}

	/**
	 * A certificate that matched no pinned identity.
	 *
	 * @param certificate the certificate
	 * @param count how often it was presented since first remembered
	 * @param firstSeen when it was first remembered
	 * @param lastSeen when it was last presented
	 * @param lastReason the reason code of its last refusal
	 */
	public record Unmatched(CertificateView certificate, long count, Instant firstSeen, Instant lastSeen,
			String lastReason) {

	}

}
