package io.github.mtls.revocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.mtls.core.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the sources about a certificate, in the order of the mode: each OCSP responder in turn, and
 * the CRLs all together (RFC 5280 6.3.3 decides from every CRL at hand); the first verified answer
 * wins, and the whole attempt fits the sum of the sources' timeouts. Keeps the health of each source
 * and the fetch counts and times for metrics.
 */
final class StatusFetcher {

	private static final Logger logger = LoggerFactory.getLogger(RevocationChecker.class);

	private final RevocationSettings settings;

	private final Clock clock;

	private final Duration budget;

	private OcspSource ocsp;

	private CrlSource crls;

	private final Map<String, SourceHealth> health = new ConcurrentHashMap<>();

	private final LongAdder[][] counts = new LongAdder[2][2];

	private final LongAdder[][] nanos = new LongAdder[2][2];

	StatusFetcher(RevocationSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		for (int i = 0; i < 2; i++) {
			for (int j = 0; j < 2; j++) {
				this.counts[i][j] = new LongAdder();
				this.nanos[i][j] = new LongAdder();
			}
		}
		Duration budget = Duration.ZERO;
		for (RevocationMode.SourceKind kind : settings.mode().order()) {
			budget = budget.plus(timeout(kind));
		}
		this.budget = budget;
	}

	/** The sources, set once at construction of the checker (the CRL source needs this fetcher's health). */
	void sources(OcspSource ocsp, CrlSource crls) {
		this.ocsp = ocsp;
		this.crls = crls;
	}

	/** The longest a fetch of every source takes: the sum of their timeouts. */
	Duration budget() {
		return this.budget;
	}

	/** A fetch for the cache: counted in metrics and logged. */
	CachedStatus fetch(RevocationTarget target) {
		return fetch(target, this.clock.instant(), true);
	}

	/**
	 * Asks the sources about the status at {@code at}.
	 * @param observed whether the attempt counts in metrics and logs (not for diagnostics)
	 */
	CachedStatus fetch(RevocationTarget target, Instant at, boolean observed) {
		long deadline = System.nanoTime() + this.budget.toNanos();
		List<String> errors = new ArrayList<>();
		for (RevocationMode.SourceKind kind : this.settings.mode().order()) {
			boolean isOcsp = kind == RevocationMode.SourceKind.OCSP;
			List<URI> locations = isOcsp ? target.ocspUrls()
					: target.crlLocations().isEmpty() ? List.of() : List.of(target.crlLocations().get(0));
			for (URI location : locations) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					errors.add(kind.value() + " " + location + ": no time left");
					continue;
				}
				Duration timeout = Duration.ofNanos(Math.min(timeout(kind).toNanos(), remaining));
				long started = System.nanoTime();
				try {
					RevocationStatus status = isOcsp ? this.ocsp.check(target, location, timeout)
							: this.crls.check(target, timeout, new CrlQuery(at, List.of(), observed));
					if (observed) {
						fetched(kind, true, started);
						if (isOcsp) {
							health(kind, location).succeeded(status.verifiedAt(), null);
						}
					}
					return new CachedStatus(status, null, this.clock.instant());
				}
				catch (RevocationSourceException | RuntimeException ex) {
					if (observed) {
						fetched(kind, false, started);
						if (isOcsp) {
							health(kind, location).failed(this.clock.instant(), String.valueOf(ex.getMessage()));
						}
					}
					errors.add(kind.value() + " " + (isOcsp ? location : "") + ": " + ex.getMessage());
				}
			}
		}
		String error = String.join("; ", errors);
		if (observed) {
			logger.warn("No revocation status for {} ({}: {}): {}", target.label(),
					this.settings.failurePolicy().value(),
					(this.settings.failurePolicy() == FailurePolicy.FAIL_OPEN) ? "let through"
							: "refused unless a stale status may serve",
					LogText.escape(error));
		}
		return new CachedStatus(null, error, this.clock.instant());
	}

	Duration timeout(RevocationMode.SourceKind kind) {
		return (kind == RevocationMode.SourceKind.OCSP) ? this.settings.ocspTimeout() : this.settings.crlTimeout();
	}

	SourceHealth health(RevocationMode.SourceKind kind, URI location) {
		return this.health.computeIfAbsent(kind.value() + " " + location,
				(key) -> new SourceHealth(kind, location.toString()));
	}

	Map<String, SourceHealth> health() {
		return this.health;
	}

	long fetches(RevocationMode.SourceKind kind, boolean success) {
		return this.counts[kind.ordinal()][success ? 0 : 1].sum();
	}

	long fetchNanos(RevocationMode.SourceKind kind, boolean success) {
		return this.nanos[kind.ordinal()][success ? 0 : 1].sum();
	}

	private void fetched(RevocationMode.SourceKind kind, boolean success, long started) {
		int outcome = success ? 0 : 1;
		this.counts[kind.ordinal()][outcome].increment();
		this.nanos[kind.ordinal()][outcome].add(System.nanoTime() - started);
	}

}
