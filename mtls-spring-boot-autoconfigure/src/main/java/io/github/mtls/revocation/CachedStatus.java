package io.github.mtls.revocation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What is known of a certificate's status: the last verified status (possibly past its freshness,
 * kept for {@code stale-if-error}) and the outcome of the last attempt.
 *
 * <p>Read on every request: its deadlines are also kept as plain numbers in this object, so that a
 * warm check compares them with the request time without following a pointer to each
 * {@link Instant} (one object read instead of five, which is what a warm lookup costs on a loaded
 * machine).
 */
final class CachedStatus {

	private final @Nullable RevocationStatus verified;

	private final @Nullable String error;

	private final Instant attemptedAt;

	private final Instant refreshAt;

	private final long freshUntilSecond;

	private final int freshUntilNano;

	private final long refreshAtSecond;

	private final int refreshAtNano;

	private final long retrySecond;

	private final int retryNano;

	private final boolean revoked;

	private final RevocationChecker.Source source;

	/**
	 * Creates the outcome of an attempt.
	 * @param verified the last verified status, if any
	 * @param error why the last attempt failed, {@code null} when it succeeded
	 * @param attemptedAt when the last attempt ended
	 */
	CachedStatus(@Nullable RevocationStatus verified, @Nullable String error, Instant attemptedAt) {
		this.verified = verified;
		this.error = error;
		this.attemptedAt = attemptedAt;
		this.refreshAt = (verified != null) ? verified.refreshAt() : Instant.MAX;
		Instant freshUntil = (verified != null) ? verified.freshUntil() : Instant.MIN;
		this.freshUntilSecond = freshUntil.getEpochSecond();
		this.freshUntilNano = freshUntil.getNano();
		this.refreshAtSecond = this.refreshAt.getEpochSecond();
		this.refreshAtNano = this.refreshAt.getNano();
		Instant retry = (error != null) ? attemptedAt.plus(RevocationChecker.FAILURE_RETRY) : Instant.MIN;
		this.retrySecond = retry.getEpochSecond();
		this.retryNano = retry.getNano();
		this.revoked = verified != null && verified.state() == RevocationStatus.State.REVOKED;
		this.source = (verified != null) ? RevocationChecker.Source.of(verified) : RevocationChecker.Source.NONE;
	}

	/** The last verified status, if any. */
	@Nullable RevocationStatus verified() {
		return this.verified;
	}

	/** Why the last attempt failed, {@code null} when it succeeded. */
	@Nullable String error() {
		return this.error;
	}

	/** When the last attempt ended. */
	Instant attemptedAt() {
		return this.attemptedAt;
	}

	/** When a refresh ahead of expiry should start. */
	Instant refreshAt() {
		return this.refreshAt;
	}

	/** Whether there is a verified status still fresh at {@code now} (same as {@link RevocationStatus#freshAt}). */
	boolean freshAt(Instant now) {
		return this.verified != null && before(now, this.freshUntilSecond, this.freshUntilNano);
	}

	/** Whether a refresh ahead of expiry is due at {@code now}. */
	boolean refreshDue(Instant now) {
		return !before(now, this.refreshAtSecond, this.refreshAtNano);
	}

	/**
	 * Whether the sources may be asked again at {@code now}: always after a success, and
	 * {@link RevocationChecker#FAILURE_RETRY} after a failure, so a failing responder is not asked
	 * on every request.
	 */
	boolean retryDue(Instant now) {
		return this.error == null || !before(now, this.retrySecond, this.retryNano);
	}

	/** Whether the verified status says revoked. */
	boolean revoked() {
		return this.revoked;
	}

	/** Where the verified status came from, as the per-request results count it. */
	RevocationChecker.Source source() {
		return this.source;
	}

	/** A failed attempt after {@code previous}: its last verified status stays for stale-if-error. */
	CachedStatus after(@Nullable CachedStatus previous) {
		if (this.verified == null && previous != null && previous.verified() != null) {
			return new CachedStatus(previous.verified(), this.error, this.attemptedAt);
		}
		return this;
	}

	/** {@code now.isBefore(Instant.ofEpochSecond(second, nano))}, without the instant. */
	private static boolean before(Instant now, long second, int nano) {
		long nowSecond = now.getEpochSecond();
		return nowSecond < second || (nowSecond == second && now.getNano() < nano);
	}

}
