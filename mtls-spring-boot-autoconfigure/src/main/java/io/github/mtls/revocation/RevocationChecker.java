package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.LogText;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.core.Trace;
import io.github.mtls.path.CertificationPath;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation checking on every request, through a cache: the {@link ChainCheck} that refuses a
 * revoked certificate ({@code certificate_revoked}) and, by the failure policy, one whose status
 * cannot be had ({@code revocation_unknown}).
 *
 * <p>Statuses are kept by issuer key and serial number ({@link StatusCache}, {@code cache.max-size}).
 * A status is used until the earlier of its source's nextUpdate and {@code cache.max-ttl}; three
 * quarters into that time it is refreshed in the background, by the request that notices it or by
 * the refresh-ahead sweep of the statuses requested recently, while the current status keeps
 * serving. So a request waits only for a status that was never known or has really expired, shared
 * with every concurrent request for it and bounded by the sources' timeouts. Every freshness decision
 * reads the injected {@link Clock}.
 *
 * <p>Per request, a warm check costs one lookup: the path to its targets ({@link KnownPaths}), which
 * hold their status entries directly; then a volatile read of the status and a few comparisons of
 * its numbers with the request time per certificate. Nothing is parsed, hashed, formatted or
 * allocated. The parts: {@link ChainTargets} (what to check, once per path),
 * {@link StatusCache} (statuses, fetches, the sweep), {@link StatusFetcher} (the sources in the
 * mode's order) and {@link CrlSignerTrust} (RFC 5280 6.3.3 (f)).
 */
public final class RevocationChecker implements ChainCheck, RevocationObserver, AutoCloseable {

	/** How long a failed attempt is remembered before a request tries the sources again. */
	static final Duration FAILURE_RETRY = Duration.ofSeconds(10);

	/** Threads of the fetch pool, {@code mtls-revocation-N}. */
	static final int FETCH_THREADS = 16;

	private static final Logger logger = LoggerFactory.getLogger(RevocationChecker.class);

	private final RevocationSettings settings;

	private final Supplier<List<X509Certificate>> trustAnchors;

	private final ExecutorService executor;

	private final StatusFetcher fetcher;

	private final StatusCache statuses;

	private final KnownPaths targets;

	private final Duration budget;

	/** Per-request results by source and result ({@link #counter}): one array read per request. */
	private final LongAdder[] results = new LongAdder[Source.values().length * Result.values().length];

	private volatile boolean closed;

	/**
	 * Creates a checker with its own fetch pool ({@code mtls-revocation-N}) and the refresh-ahead sweep
	 * every {@link StatusCache#SWEEP_INTERVAL}.
	 * @param settings the compiled {@code mtls.revocation.*} properties
	 * @param clock the clock of every time decision
	 * @param trustAnchors the client trust anchors, where the issuer of a certificate is looked up
	 * when the chain does not carry it
	 */
	public RevocationChecker(RevocationSettings settings, Clock clock, Supplier<List<X509Certificate>> trustAnchors) {
		this(settings, clock, trustAnchors, pool(), null);
		scheduleSweep();
	}

	/**
	 * Creates a checker over the given executor; no sweep is scheduled (a test calls {@link #sweep()}).
	 * @param sources what a fetch asks instead of the OCSP and CRL sources, or {@code null} for them
	 */
	RevocationChecker(RevocationSettings settings, Clock clock, Supplier<List<X509Certificate>> trustAnchors,
			ExecutorService executor, @Nullable Function<RevocationTarget, CachedStatus> sources) {
		this.settings = settings;
		this.trustAnchors = trustAnchors;
		this.executor = executor;
		for (int i = 0; i < this.results.length; i++) {
			this.results[i] = new LongAdder();
		}
		this.fetcher = new StatusFetcher(settings, clock);
		RevocationHttpClient http = new RevocationHttpClient();
		CrlSignerTrust signers = new CrlSignerTrust(settings, trustAnchors);
		CrlSource crls = new CrlSource(http, settings, clock, executor,
				(location) -> this.fetcher.health(RevocationMode.SourceKind.CRL, location), signers);
		signers.crls(crls);
		this.fetcher.sources(new OcspSource(http, settings, clock), crls);
		this.budget = this.fetcher.budget();
		this.statuses = new StatusCache((sources != null) ? sources : this.fetcher::fetch, executor, clock,
				settings.cacheMaxSize(), settings.cacheMaxTtl());
		this.targets = new KnownPaths(settings.cacheMaxSize());
	}

	private static ExecutorService pool() {
		AtomicInteger threads = new AtomicInteger();
		// Fetches mostly wait on the network: with 4 threads a 500 ms responder capped refreshes at 8 a
		// second, fewer than 1,000 clients with a 40 s max-ttl need (issue 22). Idle threads time out.
		ThreadPoolExecutor executor = new ThreadPoolExecutor(FETCH_THREADS, FETCH_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "mtls-revocation-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private void scheduleSweep() {
		Executor later = CompletableFuture.delayedExecutor(StatusCache.SWEEP_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS, (task) -> {
					if (!this.closed) {
						this.executor.execute(task);
					}
				});
		later.execute(() -> {
			try {
				sweep();
			}
			finally {
				scheduleSweep();
			}
		});
	}

	/**
	 * Refreshes ahead of expiry every status requested recently (within {@code cache.max-ttl}) that is
	 * past its refresh time or would expire before the next sweep.
	 * @return the number of refreshes started
	 */
	int sweep() {
		return this.statuses.sweep();
	}

	@Override
	public @Nullable Refusal check(Context chain) {
		CertificationPath path = chain.path();
		Trace trace = chain.trace();
		ChainTargets chainTargets = chainTargets(chain);
		if (chainTargets.problem() != null) {
			return unknown(path.leaf(), "certificate of " + chain.leaf().subjectName(), chainTargets.problem(), null,
					trace);
		}
		// Indexed loops: an iterator per list was most of what a warm request allocated.
		List<ChainTargets.Target> targets = chainTargets.targets();
		for (int i = 0; i < targets.size(); i++) {
			Refusal refusal = check(targets.get(i), chain.now(), trace);
			if (refusal != null) {
				return refusal;
			}
		}
		List<X509Certificate> unchecked = chainTargets.unchecked();
		for (int i = 0; i < unchecked.size(); i++) {
			unchecked(unchecked.get(i), "the certificate names no revocation source", trace);
		}
		return null;
	}

	/**
	 * The status fetch {@link #check} would wait for: a first fetch of a certificate's status, or a
	 * fetch again of one that is no longer fresh. Started here, on the revocation pool, so that an
	 * event loop waits for it without blocking; a fresh or stale-but-usable cached status has nothing
	 * pending.
	 */
	@Override
	public @Nullable CompletableFuture<?> pending(Context chain) {
		if (chain.trace().diagnostic()) {
			return null;
		}
		ChainTargets chainTargets = chainTargets(chain);
		if (chainTargets.problem() != null) {
			return null;
		}
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (ChainTargets.Target target : chainTargets.targets()) {
			StatusCache.Entry entry = target.entry();
			if (entry == null) {
				continue;
			}
			CachedStatus cached = entry.status;
			if (cached == null || (!cached.freshAt(chain.now()) && cached.retryDue(chain.now()))) {
				// check() would fetch and wait: the same fetch, shared.
				pending.add(this.statuses.refresh(entry));
			}
		}
		if (pending.isEmpty()) {
			return null;
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
			.orTimeout(this.budget.toMillis() + 250, TimeUnit.MILLISECONDS);
	}

	private ChainTargets chainTargets(Context chain) {
		CertificationPath path = chain.path();
		ChainTargets chainTargets = this.targets.get(path);
		if (chainTargets == null) {
			if (chain.trace().diagnostic()) {
				// A diagnostic changes nothing: it reads the entries that exist and creates none.
				return ChainTargets.of(path, chain.presented(), this.trustAnchors, this.settings,
						(target) -> {
							StatusCache.Entry entry = this.statuses.entries().asMap().get(target.id());
							return (entry != null) ? entry : new StatusCache.Entry(target);
						});
			}
			chainTargets = ChainTargets.of(path, chain.presented(), this.trustAnchors, this.settings,
					this.statuses::entry);
			this.targets.put(chainTargets);
		}
		return chainTargets;
	}

	private @Nullable Refusal check(ChainTargets.Target checked, Instant now, Trace trace) {
		RevocationTarget target = checked.target();
		StatusCache.Entry entry = checked.entry();
		if (entry == null) {
			if (this.settings.requireSource()) {
				return unknown(target.certificate(), target.label(), "the certificate names no revocation source "
						+ "and none is configured (mtls.revocation.require-source is true)", null, trace);
			}
			unchecked(target.certificate(), "the certificate names no revocation source", trace);
			return null;
		}
		if (trace.diagnostic()) {
			return diagnose(entry, now, trace);
		}
		entry.requested(now);
		CachedStatus cached = entry.status;
		if (cached == null) {
			cached = await(this.statuses.refresh(entry));
			if (cached == null) {
				return unknown(target.certificate(), target.label(),
						"no answer within " + this.budget.toMillis() + " ms", null, trace);
			}
		}
		if (cached.freshAt(now)) {
			if (cached.refreshDue(now) && entry.fetching == null && cached.retryDue(now)) {
				// Refreshed in the background; this request goes on with the current status.
				this.statuses.refresh(entry);
			}
			if (!cached.revoked()) {
				// The warm path: the decision from the fields of the one status object read.
				record(cached.source(), Result.GOOD);
				return null;
			}
			return decide(target, Objects.requireNonNull(cached.verified()), Result.GOOD, trace);
		}
		RevocationStatus verified = cached.verified();
		if (cached.retryDue(now)) {
			CachedStatus refreshed = await(this.statuses.refresh(entry));
			if (refreshed != null) {
				cached = refreshed;
				verified = cached.verified();
				if (verified != null && verified.freshAt(now)) {
					return decide(target, verified, Result.GOOD, trace);
				}
			}
		}
		if (verified != null && now.isBefore(verified.freshUntil().plus(this.settings.staleIfError()))) {
			return decide(target, verified, Result.STALE, trace);
		}
		String error = (cached.error() != null) ? cached.error() : "the last status has expired";
		return unknown(target.certificate(), target.label(), error, verified, trace);
	}

	/**
	 * The status a request at {@code at} would get, without changing anything: a fresh cached status
	 * if there is one, else the sources are asked and their answer is not kept.
	 */
	private @Nullable Refusal diagnose(StatusCache.Entry entry, Instant at, Trace trace) {
		RevocationTarget target = entry.target;
		CachedStatus cached = entry.status;
		if (cached != null && cached.verified() != null && cached.verified().freshAt(at)
				&& !at.isBefore(cached.verified().verifiedAt())) {
			return decide(target, cached.verified(), Result.GOOD, trace, true);
		}
		CachedStatus fetched = this.fetcher.fetch(target, at, false);
		if (fetched.verified() != null) {
			return decide(target, fetched.verified(), Result.GOOD, trace);
		}
		return unknown(target.certificate(), target.label(), String.valueOf(fetched.error()), null, trace);
	}

	private @Nullable Refusal decide(RevocationTarget target, RevocationStatus status, Result good, Trace trace) {
		return decide(target, status, good, trace, false);
	}

	/**
	 * Decides by a verified status.
	 * @param good how a good status is counted: {@code GOOD}, or {@code STALE} under stale-if-error
	 * @param cached whether a diagnostic read the status from the cache (reported as such)
	 */
	private @Nullable Refusal decide(RevocationTarget target, RevocationStatus status, Result good, Trace trace,
			boolean cached) {
		Source source = Source.of(status);
		boolean revoked = status.state() == RevocationStatus.State.REVOKED;
		if (trace.diagnostic()) {
			String detail = revoked ? "revoked at " + status.revokedAt() + " (" + status.reason() + ")" : null;
			trace.revocation(new Trace.Revocation(target.certificate(), revoked ? "revoked" : "good",
					status.source(), cached, status.location(), status.verifiedAt(), status.freshUntil(), detail));
		}
		else {
			record(source, revoked ? Result.REVOKED : good);
		}
		if (revoked) {
			return new Refusal(RefusalReason.CERTIFICATE_REVOKED, target.label() + " revoked at " + status.revokedAt()
					+ " (" + status.reason() + ") per " + status.source() + " " + status.location());
		}
		return null;
	}

	private void unchecked(X509Certificate certificate, String why, Trace trace) {
		if (trace.diagnostic()) {
			trace.revocation(new Trace.Revocation(certificate, "unchecked", "none", false, null, null, null, why));
		}
		else {
			record(Source.NONE, Result.UNCHECKED);
		}
	}

	private @Nullable Refusal unknown(X509Certificate certificate, String label, String error,
			@Nullable RevocationStatus last, Trace trace) {
		boolean open = this.settings.failurePolicy() == FailurePolicy.FAIL_OPEN;
		if (trace.diagnostic()) {
			trace.revocation(new Trace.Revocation(certificate, "unknown", "none", false, null,
					(last != null) ? last.verifiedAt() : null, (last != null) ? last.freshUntil() : null,
					error + (open ? " (let through: fail-open)" : "")));
		}
		else {
			record(Source.NONE, open ? Result.FAILED_OPEN : Result.UNKNOWN);
		}
		if (open) {
			// The cause is logged at WARN once per attempt by the loader; this is once per request.
			logger.debug("Revocation status of {} unknown, let through by fail-open: {}", label, LogText.escape(error));
			return null;
		}
		return new Refusal(RefusalReason.REVOCATION_UNKNOWN, "no fresh revocation status for " + label + ": " + error);
	}

	private @Nullable CachedStatus await(CompletableFuture<CachedStatus> pending) {
		try {
			return pending.get(this.budget.toMillis() + 250, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private void record(Source source, Result result) {
		counter(source, result).increment();
	}

	private LongAdder counter(Source source, Result result) {
		return this.results[source.ordinal() * Result.values().length + result.ordinal()];
	}

	@Override
	public RevocationSnapshot snapshot() {
		Map<String, SourceHealth> health = this.fetcher.health();
		List<RevocationSnapshot.Source> sources = health.values().stream().map(SourceHealth::snapshot).toList();
		boolean failing = !health.isEmpty() && health.values().stream().allMatch(SourceHealth::failing);
		Map<String, Long> counts = new LinkedHashMap<>();
		for (Result result : Result.values()) {
			long sum = 0;
			for (Source source : Source.values()) {
				sum += checks(source, result);
			}
			counts.put(result.value(), sum);
		}
		return new RevocationSnapshot(true, this.settings.mode().value(), this.settings.failurePolicy().value(),
				failing, sources, this.statuses.entries().estimatedSize(),
				this.statuses.entries().stats().hitRate(), counts);
	}

	/** Number of checks that ended with {@code result} from {@code source}, for metrics. */
	public long checks(Source source, Result result) {
		return counter(source, result).sum();
	}

	/** Number of fetches from {@code kind} that succeeded or failed, for metrics. */
	public long fetches(RevocationMode.SourceKind kind, boolean success) {
		return this.fetcher.fetches(kind, success);
	}

	/** Total time of the fetches from {@code kind} that succeeded or failed, in nanoseconds. */
	public long fetchNanos(RevocationMode.SourceKind kind, boolean success) {
		return this.fetcher.fetchNanos(kind, success);
	}

	/** The status cache, for {@code CaffeineCacheMetrics}. */
	public Cache<?, ?> statusCache() {
		return this.statuses.entries();
	}

	/** The settings this checker runs with. */
	public RevocationSettings settings() {
		return this.settings;
	}

	@Override
	public void close() {
		this.closed = true;
		this.executor.shutdownNow();
	}

	/** Where a per-request result came from. */
	public enum Source {

		OCSP, CRL, NONE;

		/** Where a verified status came from. */
		static Source of(RevocationStatus status) {
			return "ocsp".equals(status.source()) ? OCSP : CRL;
		}

		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The result of one request's check. */
	public enum Result {

		/** A fresh status says good. */
		GOOD,

		/** The certificate is revoked: refused. */
		REVOKED,

		/** Good by a status past its expiry, used under {@code stale-if-error}. */
		STALE,

		/** No status could be had: refused under fail-closed. */
		UNKNOWN,

		/** No status could be had: let through under fail-open. */
		FAILED_OPEN,

		/** The certificate names no revocation source: let through. */
		UNCHECKED;

		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

}
