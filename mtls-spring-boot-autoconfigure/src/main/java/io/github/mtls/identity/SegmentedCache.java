package io.github.mtls.identity;

import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * A cache of per-certificate work in two segments, each bounded by its estimated retained bytes:
 * one for the certificates of pinned clients and one, small, for everything else. An entry starts
 * in the strangers' segment and is {@link #admit admitted} to the pinned segment once the pipeline
 * has accepted its certificate. A flood of distinct certificates that no identity pins, valid or
 * not, therefore evicts only strangers: the facts and verdicts of pinned clients stay warm, and the
 * heap held is at most the two bounds whatever the clients present.
 *
 * <p>Lookups read the pinned segment first, so a pinned client's warm lookup costs what a single
 * cache costs. Maintenance runs on the calling thread (amortised by Caffeine), so the bounds hold
 * without waiting for a pool.
 *
 * @param <K> the key: a certificate, a chain or a header value
 * @param <V> the value derived from it
 */
public final class SegmentedCache<K, V> {

	private final Cache<K, V> pinned;

	private final Cache<K, V> strangers;

	/**
	 * Creates the two segments.
	 * @param pinnedBytes the bound of the pinned clients' segment, in estimated retained bytes
	 * @param strangerBytes the bound of the strangers' segment
	 * @param bytes the estimated heap an entry retains
	 */
	public SegmentedCache(long pinnedBytes, long strangerBytes, BiFunction<K, V, Long> bytes) {
		this.pinned = segment(pinnedBytes, bytes);
		this.strangers = segment(strangerBytes, bytes);
	}

	private static <K, V> Cache<K, V> segment(long maximumBytes, BiFunction<K, V, Long> bytes) {
		return Caffeine.newBuilder()
			.maximumWeight(maximumBytes)
			.weigher((K key, V value) -> CertificateMemory.weight(bytes.apply(key, value)))
			.executor(Runnable::run)
			.build();
	}

	/** The value for {@code key} from either segment, or {@code null}. */
	public @Nullable V get(K key) {
		V value = this.pinned.getIfPresent(key);
		return (value != null) ? value : this.strangers.getIfPresent(key);
	}

	/** Remembers a value among the strangers, where it competes only with other strangers. */
	public void put(K key, V value) {
		this.strangers.put(key, value);
	}

	/**
	 * Moves an entry to the pinned segment: its key belongs to a pinned client. A no-op (one
	 * lookup that misses) when it is already there or was never remembered.
	 */
	public void admit(K key) {
		V value = this.strangers.getIfPresent(key);
		if (value != null) {
			this.pinned.put(key, value);
			this.strangers.invalidate(key);
		}
	}

	public void invalidateAll() {
		this.pinned.invalidateAll();
		this.strangers.invalidateAll();
	}

	/** The number of entries in both segments. */
	public long size() {
		return this.pinned.estimatedSize() + this.strangers.estimatedSize();
	}

	/** What the cache holds now, after pending evictions. */
	public Usage usage() {
		this.pinned.cleanUp();
		this.strangers.cleanUp();
		return new Usage(this.pinned.estimatedSize(), weightedSize(this.pinned), this.strangers.estimatedSize(),
				weightedSize(this.strangers));
	}

	private static long weightedSize(Cache<?, ?> segment) {
		return segment.policy().eviction().orElseThrow().weightedSize().orElseThrow();
	}

	/**
	 * The entries and estimated bytes of each segment.
	 *
	 * @param pinnedEntries entries of pinned clients
	 * @param pinnedBytes their estimated retained bytes
	 * @param strangerEntries other entries
	 * @param strangerBytes their estimated retained bytes
	 */
	public record Usage(long pinnedEntries, long pinnedBytes, long strangerEntries, long strangerBytes) {

	}

}
