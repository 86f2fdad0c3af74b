package io.github.mtls.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only picture of revocation checking for Actuator, health and metrics: what is configured,
 * how each source is doing and how the cache performs. Observability reads it; nothing writes back.
 *
 * @param enabled whether revocation checking is on
 * @param mode the order of sources, e.g. {@code ocsp-then-crl}
 * @param failurePolicy {@code fail-closed}, {@code fail-open} or {@code stale-if-error}
 * @param failing whether the last attempt of every source in use failed (health DOWN under
 * fail-closed)
 * @param sources per-source state
 * @param cacheSize number of cached statuses
 * @param cacheHitRatio cache hit ratio since start, 0..1
 * @param results number of checks by result (good, revoked, unknown, unchecked, ...)
 */
public record RevocationSnapshot(boolean enabled, String mode, String failurePolicy, boolean failing,
		List<Source> sources, long cacheSize, double cacheHitRatio, Map<String, Long> results) {

	/**
	 * The state of one revocation source.
	 *
	 * @param kind {@code ocsp} or {@code crl}
	 * @param location the responder URL, CRL URL or CRL file
	 * @param lastSuccess when it last answered with a verified response
	 * @param lastFailure when it last failed
	 * @param lastError what the last failure was
	 * @param nextUpdate the CRL's nextUpdate (CRL sources only)
	 */
	public record Source(String kind, String location, @Nullable Instant lastSuccess, @Nullable Instant lastFailure,
			@Nullable String lastError, @Nullable Instant nextUpdate) {
	}

}
