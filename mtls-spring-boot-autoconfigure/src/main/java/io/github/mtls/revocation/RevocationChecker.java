package io.github.mtls.revocation;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation checking on every request, through a cache: the {@link ChainCheck} that refuses a
 * revoked certificate ({@code certificate_revoked}) and, by the failure policy, one whose status
 * cannot be had ({@code revocation_unknown}).
 *
 * <p>Statuses are cached by issuer key and serial number (Caffeine, {@code cache.max-size}). A
 * status is used until the earlier of its source's nextUpdate and {@code cache.max-ttl}; three
 * quarters into that time a refresh starts in the background while the current status keeps
 * serving, so a request never waits on a warm entry. Concurrent first requests for one certificate
 * share a single fetch, and no request waits longer than the sources' timeouts. Every freshness
 * decision reads the injected {@link Clock}; the cache's own expiry only bounds memory.
 *
 * <p>Per request, a warm check costs an identity lookup of the certificate, a hash lookup of its
 * status and two time comparisons; nothing is parsed, hashed or formatted.
 */
public final class RevocationChecker implements ChainCheck, RevocationObserver, AutoCloseable {

	/** How long a failed attempt is remembered before a request tries the sources again. */
	static final Duration FAILURE_RETRY = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(RevocationChecker.class);

	private final RevocationSettings settings;

	private final Clock clock;

	private final Supplier<List<X509Certificate>> trustAnchors;

	private final ExecutorService executor;

	private final OcspSource ocsp;

	private final CrlSource crls;

	private final Cache<X509Certificate, ChainTargets> targets;

	private final AsyncLoadingCache<RevocationTarget.Id, CachedStatus> statuses;

	private final Map<String, SourceHealth> health = new ConcurrentHashMap<>();

	private final java.util.Set<RevocationTarget.Id> refreshing = ConcurrentHashMap.newKeySet();

	private final Duration budget;

	private final LongAdder[][] results = new LongAdder[Source.values().length][Result.values().length];

	private final LongAdder[][] fetchCounts = new LongAdder[2][2];

	private final LongAdder[][] fetchNanos = new LongAdder[2][2];

	/**
	 * Creates a checker.
	 * @param settings the compiled {@code mtls.revocation.*} properties
	 * @param clock the clock of every time decision
	 * @param trustAnchors the client trust anchors, where the issuer of a certificate is looked up
	 * when the chain does not carry it
	 */
	public RevocationChecker(RevocationSettings settings, Clock clock, Supplier<List<X509Certificate>> trustAnchors) {
		this.settings = settings;
		this.clock = clock;
		this.trustAnchors = trustAnchors;
		AtomicInteger threads = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> {
					Thread thread = new Thread(runnable, "mtls-revocation-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		this.executor = executor;
		RevocationHttpClient http = new RevocationHttpClient();
		this.ocsp = new OcspSource(http, settings, clock);
		this.crls = new CrlSource(http, settings, clock, executor,
				(location) -> health(RevocationMode.SourceKind.CRL, location));
		for (int i = 0; i < this.results.length; i++) {
			for (int j = 0; j < this.results[i].length; j++) {
				this.results[i][j] = new LongAdder();
			}
		}
		for (int i = 0; i < 2; i++) {
			for (int j = 0; j < 2; j++) {
				this.fetchCounts[i][j] = new LongAdder();
				this.fetchNanos[i][j] = new LongAdder();
			}
		}
		Duration budget = Duration.ZERO;
		for (RevocationMode.SourceKind kind : settings.mode().order()) {
			budget = budget.plus(timeout(kind));
		}
		this.budget = budget;
		this.targets = Caffeine.newBuilder()
			.weakKeys()
			.maximumSize(settings.cacheMaxSize())
			.executor(Runnable::run)
			.build();
		// Caffeine only bounds memory (real time, cheap write-order expiry); whether a status may
		// be used is decided on every request against the injected clock, so a test clock or a
		// status that outlives its freshness in the cache is always handled right.
		// Cache maintenance runs inline (amortised, under a try-lock): handing it to a pool would
		// wake a thread every few reads. Fetches go to the revocation pool (StatusLoader.asyncLoad).
		this.statuses = Caffeine.newBuilder()
			.maximumSize(settings.cacheMaxSize())
			.expireAfterWrite(settings.cacheMaxTtl().plus(settings.staleIfError()).plus(FAILURE_RETRY))
			.executor(Runnable::run)
			.recordStats()
			.buildAsync(new StatusLoader());
	}

	@Override
	public @Nullable Refusal check(X509Certificate[] chain, CertificateFacts leaf, ClientIdentity identity,
			Instant now) {
		ChainTargets chainTargets = this.targets.getIfPresent(chain[0]);
		if (chainTargets == null) {
			chainTargets = targets(chain);
			this.targets.put(chain[0], chainTargets);
		}
		if (chainTargets.problem() != null) {
			return unknown(Source.NONE, "certificate of " + leaf.subjectName(), chainTargets.problem());
		}
		for (RevocationTarget target : chainTargets.targets()) {
			Refusal refusal = check(target, now);
			if (refusal != null) {
				return refusal;
			}
		}
		for (int i = 0; i < chainTargets.unchecked(); i++) {
			record(Source.NONE, Result.UNCHECKED);
		}
		return null;
	}

	private @Nullable Refusal check(RevocationTarget target, Instant now) {
		if (!target.sourced()) {
			if (this.settings.requireSource()) {
				return unknown(Source.NONE, target.label(), "the certificate names no revocation source "
						+ "and none is configured (mtls.revocation.require-source is true)");
			}
			record(Source.NONE, Result.UNCHECKED);
			return null;
		}
		// getIfPresent first: the warm path takes no compute lock and allocates no loader.
		CompletableFuture<CachedStatus> pending = this.statuses.getIfPresent(target.id());
		if (pending == null) {
			pending = this.statuses.get(target.id());
		}
		CachedStatus cached = pending.getNow(null);
		if (cached == null) {
			cached = await(pending);
			if (cached == null) {
				return unknown(Source.NONE, target.label(), "no answer within " + this.budget.toMillis() + " ms");
			}
		}
		RevocationStatus verified = cached.verified();
		if (verified != null && verified.freshAt(now)) {
			if (!now.isBefore(cached.refreshAt()) && this.refreshing.add(target.id())) {
				// Refreshed in the background, once at a time; this request goes on with the current status.
				this.statuses.synchronous()
					.refresh(target.id())
					.whenComplete((status, failure) -> this.refreshing.remove(target.id()));
			}
			return decide(target, verified, Result.GOOD);
		}
		if (cached.error() == null || !now.isBefore(cached.attemptedAt().plus(FAILURE_RETRY))) {
			CachedStatus refreshed = await(this.statuses.synchronous().refresh(target.id()));
			if (refreshed != null) {
				cached = refreshed;
				verified = cached.verified();
				if (verified != null && verified.freshAt(now)) {
					return decide(target, verified, Result.GOOD);
				}
			}
		}
		if (verified != null && now.isBefore(verified.freshUntil().plus(this.settings.staleIfError()))) {
			return decide(target, verified, Result.STALE);
		}
		String error = (cached.error() != null) ? cached.error() : "the last status has expired";
		return unknown(Source.NONE, target.label(), error);
	}

	private @Nullable Refusal decide(RevocationTarget target, RevocationStatus status, Result good) {
		Source source = "ocsp".equals(status.source()) ? Source.OCSP : Source.CRL;
		if (status.state() == RevocationStatus.State.REVOKED) {
			record(source, Result.REVOKED);
			return new Refusal(RefusalReason.CERTIFICATE_REVOKED, target.label() + " revoked at " + status.revokedAt()
					+ " (" + status.reason() + ") per " + status.source() + " " + status.location());
		}
		record(source, good);
		return null;
	}

	private @Nullable Refusal unknown(Source source, String label, String error) {
		if (this.settings.failurePolicy() == FailurePolicy.FAIL_OPEN) {
			record(source, Result.FAILED_OPEN);
			// The cause is logged at WARN once per attempt by the loader; this is once per request.
			logger.debug("Revocation status of {} unknown, let through by fail-open: {}", label, error);
			return null;
		}
		record(source, Result.UNKNOWN);
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

	/** The certificates of a chain to check, each with its issuer: once per certificate. */
	private ChainTargets targets(X509Certificate[] chain) {
		List<X509Certificate> anchors = this.trustAnchors.get();
		List<RevocationTarget> list = new ArrayList<>();
		int unchecked = 0;
		int last = this.settings.checkIntermediates() ? chain.length : 1;
		for (int i = 0; i < last; i++) {
			X509Certificate certificate = chain[i];
			if (i > 0 && (selfIssued(certificate) || anchors.contains(certificate))) {
				// A trust anchor is trusted by configuration, not by a revocable statement.
				continue;
			}
			X509Certificate issuer = issuer(certificate, (i + 1 < chain.length) ? chain[i + 1] : null, anchors);
			if (issuer == null) {
				// The issuer is needed only to verify answers: a certificate without any source is
				// unchecked whether or not its issuer is at hand.
				if (RevocationTarget.hasSource(certificate, this.settings) || this.settings.requireSource()) {
					return new ChainTargets(List.of(), "the issuer \"" + certificate.getIssuerX500Principal().getName()
							+ "\" is neither in the chain nor among the client trust anchors", 0);
				}
				logger.info("No revocation source for serial {} of \"{}\" ({}): let through unchecked",
						certificate.getSerialNumber().toString(16), certificate.getIssuerX500Principal().getName(),
						this.settings.mode().value());
				unchecked++;
				continue;
			}
			RevocationTarget target = RevocationTarget.of(certificate, issuer, this.settings);
			if (!target.sourced() && !this.settings.requireSource()) {
				logger.info("No revocation source for {} ({}): let through unchecked", target.label(),
						this.settings.mode().value());
			}
			list.add(target);
		}
		return new ChainTargets(List.copyOf(list), null, unchecked);
	}

	private static @Nullable X509Certificate issuer(X509Certificate certificate, @Nullable X509Certificate next,
			List<X509Certificate> anchors) {
		if (next != null && next.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
				&& signedBy(certificate, next)) {
			return next;
		}
		for (X509Certificate anchor : anchors) {
			if (anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
					&& signedBy(certificate, anchor)) {
				return anchor;
			}
		}
		return null;
	}

	private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
		try {
			certificate.verify(issuer.getPublicKey());
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static boolean selfIssued(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
	}

	private Duration timeout(RevocationMode.SourceKind kind) {
		return (kind == RevocationMode.SourceKind.OCSP) ? this.settings.ocspTimeout() : this.settings.crlTimeout();
	}

	private SourceHealth health(RevocationMode.SourceKind kind, URI location) {
		return this.health.computeIfAbsent(kind.value() + " " + location,
				(key) -> new SourceHealth(kind, location.toString()));
	}

	private void record(Source source, Result result) {
		this.results[source.ordinal()][result.ordinal()].increment();
	}

	@Override
	public RevocationSnapshot snapshot() {
		List<RevocationSnapshot.Source> sources = this.health.values().stream().map(SourceHealth::snapshot).toList();
		boolean failing = !this.health.isEmpty() && this.health.values().stream().allMatch(SourceHealth::failing);
		Map<String, Long> counts = new LinkedHashMap<>();
		for (Result result : Result.values()) {
			long sum = 0;
			for (Source source : Source.values()) {
				sum += checks(source, result);
			}
			counts.put(result.value(), sum);
		}
		return new RevocationSnapshot(true, this.settings.mode().value(), this.settings.failurePolicy().value(),
				failing, sources, this.statuses.synchronous().estimatedSize(),
				this.statuses.synchronous().stats().hitRate(), counts);
	}

	/** Number of checks that ended with {@code result} from {@code source}, for metrics. */
	public long checks(Source source, Result result) {
		return this.results[source.ordinal()][result.ordinal()].sum();
	}

	/** Number of fetches from {@code kind} that succeeded or failed, for metrics. */
	public long fetches(RevocationMode.SourceKind kind, boolean success) {
		return this.fetchCounts[kind.ordinal()][success ? 0 : 1].sum();
	}

	/** Total time of the fetches from {@code kind} that succeeded or failed, in nanoseconds. */
	public long fetchNanos(RevocationMode.SourceKind kind, boolean success) {
		return this.fetchNanos[kind.ordinal()][success ? 0 : 1].sum();
	}

	/** The status cache, for {@code CaffeineCacheMetrics}. */
	public Cache<?, ?> statusCache() {
		return this.statuses.synchronous();
	}

	/** The settings this checker runs with. */
	public RevocationSettings settings() {
		return this.settings;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/** Where a per-request result came from. */
	public enum Source {

		OCSP, CRL, NONE;

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

	/** The targets of a chain, or why none can be derived. */
	private record ChainTargets(List<RevocationTarget> targets, @Nullable String problem, int unchecked) {
	}

	/**
	 * A cache entry: the last verified status (possibly past its freshness, kept for
	 * {@code stale-if-error}) and the outcome of the last attempt.
	 */
	private record CachedStatus(@Nullable RevocationStatus verified, @Nullable String error, Instant attemptedAt,
			Instant refreshAt) {

		CachedStatus(@Nullable RevocationStatus verified, @Nullable String error, Instant attemptedAt) {
			this(verified, error, attemptedAt, (verified != null) ? verified.refreshAt() : Instant.MAX);
		}

	}

	/** Fetches off the request thread: the sources in the order of the mode, first verified answer wins. */
	private final class StatusLoader implements CacheLoader<RevocationTarget.Id, CachedStatus> {

		@Override
		public CachedStatus load(RevocationTarget.Id id) {
			RevocationTarget target = id.target();
			long deadline = System.nanoTime() + RevocationChecker.this.budget.toNanos();
			List<String> errors = new ArrayList<>();
			for (RevocationMode.SourceKind kind : RevocationChecker.this.settings.mode().order()) {
				List<URI> locations = (kind == RevocationMode.SourceKind.OCSP) ? target.ocspUrls()
						: target.crlLocations();
				for (URI location : locations) {
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						errors.add(kind.value() + " " + location + ": no time left");
						continue;
					}
					Duration timeout = Duration.ofNanos(Math.min(timeout(kind).toNanos(), remaining));
					long started = System.nanoTime();
					SourceHealth health = health(kind, location);
					try {
						RevocationStatus status = (kind == RevocationMode.SourceKind.OCSP)
								? RevocationChecker.this.ocsp.check(target, location, timeout)
								: RevocationChecker.this.crls.check(target, location, timeout);
						fetched(kind, true, started);
						if (kind == RevocationMode.SourceKind.OCSP) {
							health.succeeded(status.verifiedAt(), null);
						}
						return new CachedStatus(status, null, RevocationChecker.this.clock.instant());
					}
					catch (RevocationSourceException | RuntimeException ex) {
						fetched(kind, false, started);
						if (kind == RevocationMode.SourceKind.OCSP) {
							health.failed(RevocationChecker.this.clock.instant(), String.valueOf(ex.getMessage()));
						}
						errors.add(kind.value() + " " + location + ": " + ex.getMessage());
					}
				}
			}
			String error = String.join("; ", errors);
			logger.warn("No revocation status for {} ({}: {}): {}", target.label(),
					RevocationChecker.this.settings.failurePolicy().value(),
					(RevocationChecker.this.settings.failurePolicy() == FailurePolicy.FAIL_OPEN) ? "let through"
							: "refused unless a stale status may serve",
					error);
			return new CachedStatus(null, error, RevocationChecker.this.clock.instant());
		}

		@Override
		public CompletableFuture<CachedStatus> asyncLoad(RevocationTarget.Id id, java.util.concurrent.Executor ignored) {
			return CompletableFuture.supplyAsync(() -> load(id), RevocationChecker.this.executor);
		}

		@Override
		public CompletableFuture<CachedStatus> asyncReload(RevocationTarget.Id id, CachedStatus previous,
				java.util.concurrent.Executor ignored) {
			return CompletableFuture.supplyAsync(() -> reload(id, previous), RevocationChecker.this.executor);
		}

		@Override
		public CachedStatus reload(RevocationTarget.Id id, CachedStatus previous) {
			CachedStatus next = load(id);
			if (next.verified() == null && previous.verified() != null) {
				// Every source failed: keep the last verified status for stale-if-error.
				return new CachedStatus(previous.verified(), next.error(), next.attemptedAt());
			}
			return next;
		}

		private void fetched(RevocationMode.SourceKind kind, boolean success, long started) {
			int outcome = success ? 0 : 1;
			RevocationChecker.this.fetchCounts[kind.ordinal()][outcome].increment();
			RevocationChecker.this.fetchNanos[kind.ordinal()][outcome].add(System.nanoTime() - started);
		}

	}

}
