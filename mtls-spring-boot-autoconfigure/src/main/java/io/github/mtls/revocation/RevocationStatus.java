package io.github.mtls.revocation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A verified revocation status of one certificate, as a source stated it.
 *
 * @param state good or revoked
 * @param source {@code ocsp}, {@code crl} or {@code delta-crl}
 * @param location the responder URL, CRL URL or CRL file that answered
 * @param verifiedAt when the answer was obtained and verified
 * @param freshUntil until when it may be used: the earlier of the source's nextUpdate and
 * {@code cache.max-ttl} after {@link #verifiedAt}
 * @param revokedAt when the certificate was revoked (revoked only)
 * @param reason the RFC 5280 revocation reason (revoked only), e.g. {@code keyCompromise}
 */
public record RevocationStatus(State state, String source, String location, Instant verifiedAt, Instant freshUntil,
		@Nullable Instant revokedAt, @Nullable String reason) {

	/** Whether the status may still be used at {@code now}. */
	public boolean freshAt(Instant now) {
		return now.isBefore(this.freshUntil);
	}

	/**
	 * When a background refresh should start: three quarters into the status' lifetime, so that a
	 * warm entry is replaced before it expires and no request waits for it.
	 */
	public Instant refreshAt() {
		long lifetime = this.freshUntil.toEpochMilli() - this.verifiedAt.toEpochMilli();
		return this.verifiedAt.plusMillis(lifetime * 3 / 4);
	}

	/** The states of a certificate. */
	public enum State {

		/** A source vouched that the certificate is not revoked. */
		GOOD,

		/** A source stated that the certificate is revoked. */
		REVOKED

	}

	/** RFC 5280 CRLReason names, indexed by code. */
	static String reasonName(int code) {
		return switch (code) {
			case 0 -> "unspecified";
			case 1 -> "keyCompromise";
			case 2 -> "cACompromise";
			case 3 -> "affiliationChanged";
			case 4 -> "superseded";
			case 5 -> "cessationOfOperation";
			case 6 -> "certificateHold";
			case 8 -> "removeFromCRL";
			case 9 -> "privilegeWithdrawn";
			case 10 -> "aACompromise";
			default -> "unspecified";
		};
	}

}
