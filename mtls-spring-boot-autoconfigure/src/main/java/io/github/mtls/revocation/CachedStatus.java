package io.github.mtls.revocation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What is known of a certificate's status: the last verified status (possibly past its freshness,
 * kept for {@code stale-if-error}) and the outcome of the last attempt.
 *
 * @param verified the last verified status, if any
 * @param error why the last attempt failed, {@code null} when it succeeded
 * @param attemptedAt when the last attempt ended
 * @param refreshAt when a refresh ahead of expiry should start
 */
record CachedStatus(@Nullable RevocationStatus verified, @Nullable String error, Instant attemptedAt,
		Instant refreshAt) {

	CachedStatus(@Nullable RevocationStatus verified, @Nullable String error, Instant attemptedAt) {
		this(verified, error, attemptedAt, (verified != null) ? verified.refreshAt() : Instant.MAX);
	}

	/**
	 * Whether the sources may be asked again at {@code now}: always after a success, and
	 * {@link RevocationChecker#FAILURE_RETRY} after a failure, so a failing responder is not asked
	 * on every request.
	 */
	boolean retryDue(Instant now) {
		return this.error == null || !now.isBefore(this.attemptedAt.plus(RevocationChecker.FAILURE_RETRY));
	}

	/** A failed attempt after {@code previous}: its last verified status stays for stale-if-error. */
	CachedStatus after(@Nullable CachedStatus previous) {
		if (this.verified == null && previous != null && previous.verified() != null) {
			return new CachedStatus(previous.verified(), this.error, this.attemptedAt);
		}
		return this;
	}

}
