package io.github.mtls.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * The certificate statuses, each in a {@link Entry} that the chains of a certificate hold directly,
 * so that a warm request reads its status with no lookup beyond the chain's own. Fetches run on the
 * injected executor, one at a time per certificate (concurrent requests share it), and a
 * refresh-ahead {@link #sweep()} renews the statuses seen recently before they expire, so that a
 * certificate idle through its refresh window does not wait for the responder at its next request.
 *
 * <p>Every time decision reads the injected {@link Clock}: tests drive the sweep with a fixed clock
 * and an executor of their own, without sleeping.
 */
final class StatusCache {

	/** How often the sweep runs in production, and how far ahead of expiry it looks. */
	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

	private final Function<RevocationTarget, CachedStatus> fetch;

	private final Executor executor;

	private final Clock clock;

	private final Duration recently;

	private final Cache<RevocationTarget.Id, Entry> entries;

	/**
	 * Creates the cache.
	 * @param fetch asks the sources about a target (blocking, bounded by the sources' timeouts)
	 * @param executor where fetches run, never a request thread
	 * @param clock the clock of every freshness decision
	 * @param maxSize the most statuses kept ({@code mtls.revocation.cache.max-size})
	 * @param recently how long after its last request a status is still refreshed ahead of expiry
	 */
	StatusCache(Function<RevocationTarget, CachedStatus> fetch, Executor executor, Clock clock, long maxSize,
			Duration recently) {
		this.fetch = fetch;
		this.executor = executor;
		this.clock = clock;
		this.recently = recently;
		// Maintenance inline (amortised, under a try-lock): a pool would be woken every few writes.
		this.entries = Caffeine.newBuilder().maximumSize(maxSize).executor(Runnable::run).recordStats().build();
	}

	/** The entry of a target's status, created empty on first use: once per chain, not per request. */
	Entry entry(RevocationTarget target) {
		return this.entries.get(target.id(), (id) -> new Entry(target));
	}

	/**
	 * Starts a fetch of the entry's status unless one is running, and returns the running one. A failed
	 * fetch keeps the last verified status for stale-if-error.
	 */
	CompletableFuture<CachedStatus> refresh(Entry entry) {
		synchronized (entry) {
			CompletableFuture<CachedStatus> running = entry.fetching;
			if (running != null) {
				return running;
			}
			CompletableFuture<CachedStatus> fetching = new CompletableFuture<>();
			entry.fetching = fetching;
			this.executor.execute(() -> {
				CachedStatus next;
				try {
					next = this.fetch.apply(entry.target);
				}
				catch (RuntimeException ex) {
					next = new CachedStatus(null, String.valueOf(ex.getMessage()), this.clock.instant());
				}
				synchronized (entry) {
					next = next.after(entry.status);
					entry.status = next;
					entry.fetching = null;
				}
				fetching.complete(next);
			});
			return fetching;
		}
	}

	/**
	 * Renews, in the background, every status requested within the last {@code recently} that is past
	 * its refresh time or would expire before the next sweep. A status nobody asked for lately is left
	 * to expire: the sweep never fetches for certificates that are gone.
	 * @return the number of refreshes started
	 */
	int sweep() {
		Instant now = this.clock.instant();
		Instant horizon = now.plus(SWEEP_INTERVAL.multipliedBy(2));
		int started = 0;
		for (Entry entry : this.entries.asMap().values()) {
			CachedStatus status = entry.status;
			if (status == null || status.verified() == null || entry.fetching != null || !status.retryDue(now)
					|| entry.lastRequested.plus(this.recently).isBefore(now)) {
				continue;
			}
			if (status.refreshDue(now) || !horizon.isBefore(status.verified().freshUntil())) {
				refresh(entry);
				started++;
			}
		}
		return started;
	}

	/** The entries, for {@code CaffeineCacheMetrics} and the Actuator's size. */
	Cache<RevocationTarget.Id, Entry> entries() {
		return this.entries;
	}

	/** One certificate's status, held by every chain that contains the certificate. */
	static final class Entry {

		final RevocationTarget target;

		volatile @Nullable CachedStatus status;

		volatile @Nullable CompletableFuture<CachedStatus> fetching;

		/** When a request last read this status: what makes it hot for the sweep. */
		volatile Instant lastRequested = Instant.MIN;

		/** The second of {@link #lastRequested}, compared on every request without reading the instant. */
		private volatile long requestedSecond = Instant.MIN.getEpochSecond();

		Entry(RevocationTarget target) {
			this.target = target;
		}

		/** Marks a request's read; written only when the second changed, so a busy status is not a hot write. */
		void requested(Instant now) {
			long second = now.getEpochSecond();
			if (second != this.requestedSecond) {
				this.lastRequested = now;
				this.requestedSecond = second;
			}
		}

	}

}
