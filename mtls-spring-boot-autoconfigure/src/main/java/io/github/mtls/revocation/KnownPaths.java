package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.mtls.path.CertificationPath;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ChainTargets} of the paths seen, by leaf, so that a warm request finds its statuses in
 * one lookup.
 *
 * <p>The targets are kept in a Caffeine cache bounded by {@code cache.max-size} (by identity of the
 * leaf), fronted by a direct-mapped table of the targets found last, one slot per identity hash of
 * the path's list. A request whose path is the very list its targets were derived from (a cached
 * path verdict hands out the same list every time) is answered by one array read and a reference
 * comparison, without Caffeine's per-read bookkeeping (read buffer, frequency sketch, access
 * order), which was most of a warm check. Anything else falls back to the cache. A slot is cleared
 * when the cache evicts its targets or another path of the same leaf replaces them, so the table
 * keeps nothing the cache has let go beyond the instant of a race.
 */
final class KnownPaths {

	/**
	 * The most slots: 4 MB of references at most, small beside the million cached targets that would
	 * need them (a slot per cached path keeps most of a large population's hot paths in the table).
	 */
	static final int MAX_SLOTS = 1 << 20;

	private final Cache<X509Certificate, ChainTargets> targets;

	private final AtomicReferenceArray<@Nullable ChainTargets> recent;

	private final int mask;

	/**
	 * Creates the table.
	 * @param maxSize the most paths kept ({@code mtls.revocation.cache.max-size})
	 */
	KnownPaths(long maxSize) {
		int slots = (int) Math.min(MAX_SLOTS, Math.max(16, Long.highestOneBit(Math.max(1, maxSize - 1)) << 1));
		this.recent = new AtomicReferenceArray<>(slots);
		this.mask = slots - 1;
		this.targets = Caffeine.newBuilder()
			.weakKeys()
			.maximumSize(maxSize)
			.executor(Runnable::run)
			.evictionListener((@Nullable X509Certificate leaf, @Nullable ChainTargets evicted, RemovalCause cause) -> {
				if (evicted != null) {
					forget(evicted);
				}
			})
			.build();
	}

	/** The targets derived from {@code path}, or {@code null} when it was not seen (or not as this path). */
	@Nullable ChainTargets get(CertificationPath path) {
		List<X509Certificate> certificates = path.certificates();
		int slot = slot(certificates);
		ChainTargets found = this.recent.get(slot);
		if (found != null && found.path() == certificates) {
			return found;
		}
		found = this.targets.getIfPresent(certificates.get(0));
		if (found == null) {
			return null;
		}
		if (found.path() == certificates) {
			this.recent.set(slot, found);
			return found;
		}
		// An equal path in another list (a proxy's chain is parsed per request) is served from the
		// cache only: the slot of a list is for the targets derived from that very list.
		return found.path().equals(certificates) ? found : null;
	}

	/** Remembers the targets of a path, replacing those of another path with the same leaf. */
	void put(ChainTargets derived) {
		// The slot first: a put may evict these very targets at once, and the eviction clears the slot.
		this.recent.set(slot(derived.path()), derived);
		ChainTargets replaced = this.targets.asMap().put(derived.path().get(0), derived);
		if (replaced != null && replaced != derived) {
			// Another path of the same leaf, in another slot: a replacement is no eviction to the listener.
			forget(replaced);
		}
	}

	private void forget(ChainTargets evicted) {
		this.recent.compareAndSet(slot(evicted.path()), evicted, null);
	}

	/**
	 * The slot of a path, by the identity of its list: the list is read anyway, its leaf would be one
	 * more object to bring into the CPU's cache.
	 */
	private int slot(List<X509Certificate> path) {
		int hash = System.identityHashCode(path);
		return (hash ^ (hash >>> 16)) & this.mask;
	}

}
