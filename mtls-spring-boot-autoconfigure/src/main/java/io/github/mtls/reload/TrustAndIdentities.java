package io.github.mtls.reload;

import java.security.cert.X509Certificate;
import java.util.List;

import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.ClientTrust;

/**
 * The configuration in force, immutable: what one request is decided with from start to end. A
 * request reads it once, so it sees the anchors and identities before a reload or after it, never a
 * mix; a cached verdict remembers the {@link #generation} it was computed under and holds for no
 * other.
 *
 * @param generation increases by one with every adopted change, starting at 1
 * @param trust the client trust anchors
 * @param intermediates the configured intermediates ({@code mtls.trust.intermediates}), never anchors
 * @param identities the pinned identities with their authorities
 * @param loaded the last adopted change: what, from where and when
 */
public record TrustAndIdentities(long generation, ClientTrust trust, List<X509Certificate> intermediates,
		IdentityIndex identities, Load loaded) {

	public TrustAndIdentities {
		intermediates = List.copyOf(intermediates);
	}

	/** The client trust anchors. */
	public List<X509Certificate> anchors() {
		return this.trust.anchors();
	}

	/**
	 * Where a part of the configuration was last loaded from.
	 *
	 * @param part the part loaded
	 * @param source where from, for example {@code bundle 'clients'} or {@code file:/etc/mtls/identities.yaml}
	 * @param at when, by the application clock
	 */
	public record Load(Part part, String source, java.time.Instant at) {
	}

	/** The parts of the configuration that reload independently. */
	public enum Part {

		/** The client trust anchors ({@code mtls.trust.bundle} or {@code server.ssl}). */
		TRUST,

		/** {@code mtls.trust.intermediates}. */
		INTERMEDIATES,

		/** {@code mtls.identities} (or {@code mtls.identities-file}) and their identity-scoped settings. */
		IDENTITIES;

		/** The lower-case name shown by the Actuator and in tags. */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
