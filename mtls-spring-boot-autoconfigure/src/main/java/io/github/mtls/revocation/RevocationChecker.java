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
import io.github.mtls.core.LogText;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.core.Trace;
import io.github.mtls.identity.Names;
import io.github.mtls.path.CertificationPath;
import io.github.mtls.path.PathValidator;
import io.github.mtls.path.PathVerdict;
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
				(location) -> health(RevocationMode.SourceKind.CRL, location), this::untrustedSigner);
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
	public @Nullable Refusal check(Context chain) {
		CertificationPath path = chain.path();
		Trace trace = chain.trace();
		ChainTargets chainTargets = chainTargets(chain);
		if (chainTargets.problem() != null) {
			return unknown(path.leaf(), "certificate of " + chain.leaf().subjectName(), chainTargets.problem(), null,
					trace);
		}
		for (RevocationTarget target : chainTargets.targets()) {
			Refusal refusal = check(target, chain.now(), trace);
			if (refusal != null) {
				return refusal;
			}
		}
		for (X509Certificate unchecked : chainTargets.unchecked()) {
			unchecked(unchecked, "the certificate names no revocation source", trace);
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
		for (RevocationTarget target : chainTargets.targets()) {
			if (!target.sourced()) {
				continue;
			}
			CompletableFuture<CachedStatus> status = this.statuses.getIfPresent(target.id());
			if (status == null) {
				status = this.statuses.get(target.id());
			}
			CachedStatus cached = status.getNow(null);
			if (cached == null) {
				pending.add(status);
			}
			else if ((cached.verified() == null || !cached.verified().freshAt(chain.now()))
					&& (cached.error() == null || !chain.now().isBefore(cached.attemptedAt().plus(FAILURE_RETRY)))) {
				// check() would fetch again and wait: the same refresh, shared (Caffeine coalesces them).
				pending.add(this.statuses.synchronous().refresh(target.id()));
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
		ChainTargets chainTargets = this.targets.getIfPresent(path.leaf());
		if (chainTargets == null || !chainTargets.path().equals(path.certificates())) {
			chainTargets = targets(path, chain.presented());
			if (!chain.trace().diagnostic()) {
				this.targets.put(path.leaf(), chainTargets);
			}
		}
		return chainTargets;
	}

	private @Nullable Refusal check(RevocationTarget target, Instant now, Trace trace) {
		if (!target.sourced()) {
			if (this.settings.requireSource()) {
				return unknown(target.certificate(), target.label(), "the certificate names no revocation source "
						+ "and none is configured (mtls.revocation.require-source is true)", null, trace);
			}
			unchecked(target.certificate(), "the certificate names no revocation source", trace);
			return null;
		}
		if (trace.diagnostic()) {
			return diagnose(target, now, trace);
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
				return unknown(target.certificate(), target.label(),
						"no answer within " + this.budget.toMillis() + " ms", null, trace);
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
			return decide(target, verified, Result.GOOD, trace);
		}
		if (cached.error() == null || !now.isBefore(cached.attemptedAt().plus(FAILURE_RETRY))) {
			CachedStatus refreshed = await(this.statuses.synchronous().refresh(target.id()));
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
	private @Nullable Refusal diagnose(RevocationTarget target, Instant at, Trace trace) {
		// asMap().get: a lookup that does not count as a hit or a miss in the cache statistics.
		CompletableFuture<CachedStatus> pending = this.statuses.asMap().get(target.id());
		CachedStatus cached = (pending != null) ? pending.getNow(null) : null;
		if (cached != null && cached.verified() != null && cached.verified().freshAt(at)
				&& !at.isBefore(cached.verified().verifiedAt())) {
			return decide(target, cached.verified(), Result.GOOD, trace, true);
		}
		CachedStatus fetched = new StatusLoader().fetch(target, at, false);
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
		Source source = "ocsp".equals(status.source()) ? Source.OCSP : Source.CRL;
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

	/** The certificates of a path to check, each with its issuer: once per path. */
	private ChainTargets targets(CertificationPath path, List<X509Certificate> presented) {
		List<X509Certificate> certificates = path.certificates();
		List<X509Certificate> anchors = (path.anchor() != null) ? List.of(path.anchor()) : this.trustAnchors.get();
		List<X509Certificate> candidates = new ArrayList<>(path.withAnchor());
		for (X509Certificate certificate : presented) {
			if (!candidates.contains(certificate)) {
				candidates.add(certificate);
			}
		}
		if (path.anchor() == null) {
			candidates.addAll(anchors);
		}
		List<RevocationTarget> list = new ArrayList<>();
		List<X509Certificate> unchecked = new ArrayList<>();
		int last = this.settings.checkIntermediates() ? certificates.size() : 1;
		try {
			for (int i = 0; i < last; i++) {
				X509Certificate certificate = certificates.get(i);
				if (path.isAnchor(i) || (path.anchor() == null && i > 0
						&& (selfIssued(certificate) || anchors.contains(certificate)))) {
					// A trust anchor is trusted by configuration, not by a revocable statement.
					continue;
				}
				X509Certificate issuer = (path.anchor() != null) ? path.issuerOf(i)
						: issuer(certificate, (i + 1 < certificates.size()) ? certificates.get(i + 1) : null, anchors);
				if (issuer == null) {
					// The issuer is needed only to verify answers: a certificate without any source is
					// unchecked whether or not its issuer is at hand.
					if (RevocationTarget.hasSource(certificate, this.settings) || this.settings.requireSource()) {
						return new ChainTargets(certificates, List.of(), "the issuer \""
								+ certificate.getIssuerX500Principal().getName()
								+ "\" is neither in the chain nor among the client trust anchors", List.of());
					}
					logger.info("No revocation source for serial {} of \"{}\" ({}): let through unchecked",
							certificate.getSerialNumber().toString(16),
							LogText.escape(certificate.getIssuerX500Principal().getName()),
							this.settings.mode().value());
					unchecked.add(certificate);
					continue;
				}
				RevocationTarget target = RevocationTarget.of(certificate, issuer, candidates, path.anchor(),
						this.settings);
				if (!target.sourced() && !this.settings.requireSource()) {
					logger.info("No revocation source for {} ({}): let through unchecked", target.label(),
							this.settings.mode().value());
				}
				list.add(target);
			}
		}
		catch (RevocationSourceException ex) {
			return new ChainTargets(certificates, List.of(), ex.getMessage(), List.of());
		}
		return new ChainTargets(certificates, List.copyOf(list), null, List.copyOf(unchecked));
	}

	/**
	 * Whether a CRL signer other than the certificate's issuer may be trusted (RFC 5280 6.3.3 (f)):
	 * its own path to the same anchor is valid, and none of that path's certificates is revoked by
	 * the CRLs at hand. Nested at most three signers deep.
	 */
	private @Nullable String untrustedSigner(X509Certificate signer, @Nullable X509Certificate anchor,
			java.util.Collection<X509Certificate> pool, CrlQuery query) {
		Instant at = query.at();
		if (query.signing().size() >= 3) {
			return "CRL signers nest more than 3 deep";
		}
		CrlQuery nested = query.nested(signer);
		List<X509Certificate> anchors = (anchor != null) ? List.of(anchor) : this.trustAnchors.get();
		// The signer's profile relaxes only the rules without security weight: a CRL signer is no client.
		PathValidator validator = new PathValidator(
				io.github.mtls.path.PathSettings.DEFAULTS.withProfile(io.github.mtls.path.ProfileMode.COMPATIBLE), anchors);
		PathVerdict verdict = validator.validate(signer, pool, at);
		if (verdict instanceof PathVerdict.Invalid invalid) {
			return invalid.refusal().detail();
		}
		CertificationPath path = ((PathVerdict.Valid) verdict).path();
		for (int i = 0; i < path.certificates().size(); i++) {
			if (path.isAnchor(i)) {
				continue;
			}
			RevocationTarget target;
			try {
				target = RevocationTarget.of(path.certificates().get(i), path.issuerOf(i), List.copyOf(pool),
						path.anchor(), this.settings);
			}
			catch (RevocationSourceException ex) {
				return ex.getMessage();
			}
			if (target.crlLocations().isEmpty()) {
				// As for the certificates of a client's own chain: a certificate that names no CRL,
				// with none configured, is unchecked unless require-source says otherwise. Asking
				// for a CRL that cannot exist would make every separate CRL signer untrusted.
				if (this.settings.requireSource()) {
					return target.label() + " names no CRL and none is configured "
							+ "(mtls.revocation.require-source is true)";
				}
				continue;
			}
			try {
				RevocationStatus status = this.crls.check(target, this.settings.crlTimeout(), nested);
				if (status.state() == RevocationStatus.State.REVOKED) {
					return target.label() + " is revoked (" + status.reason() + ")";
				}
			}
			catch (RevocationSourceException ex) {
				return "the revocation status of " + target.label() + " is unknown: " + ex.getMessage();
			}
		}
		return null;
	}

	private static @Nullable X509Certificate issuer(X509Certificate certificate, @Nullable X509Certificate next,
			List<X509Certificate> anchors) {
		if (next != null && Names.sameName(next.getSubjectX500Principal(), certificate.getIssuerX500Principal())
				&& signedBy(certificate, next)) {
			return next;
		}
		for (X509Certificate anchor : anchors) {
			if (Names.sameName(anchor.getSubjectX500Principal(), certificate.getIssuerX500Principal())
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
		return Names.sameName(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
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

	/** The targets of a path, or why none can be derived, and the certificates left unchecked. */
	private record ChainTargets(List<X509Certificate> path, List<RevocationTarget> targets, @Nullable String problem,
			List<X509Certificate> unchecked) {
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
			return fetch(id.target(), RevocationChecker.this.clock.instant(), true);
		}

		/**
		 * Asks the sources, in the mode's order, about the status at {@code at}: each OCSP responder
		 * in turn, and the CRLs all together (RFC 5280 6.3.3 decides from every CRL at hand).
		 * @param observed whether the attempt counts in metrics and logs (not for diagnostics)
		 */
		CachedStatus fetch(RevocationTarget target, Instant at, boolean observed) {
			long deadline = System.nanoTime() + RevocationChecker.this.budget.toNanos();
			List<String> errors = new ArrayList<>();
			for (RevocationMode.SourceKind kind : RevocationChecker.this.settings.mode().order()) {
				boolean ocsp = kind == RevocationMode.SourceKind.OCSP;
				List<URI> locations = ocsp ? target.ocspUrls()
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
						RevocationStatus status = ocsp ? RevocationChecker.this.ocsp.check(target, location, timeout)
								: RevocationChecker.this.crls.check(target, timeout, new CrlQuery(at, List.of(), observed));
						if (observed) {
							fetched(kind, true, started);
							if (ocsp) {
								health(kind, location).succeeded(status.verifiedAt(), null);
							}
						}
						return new CachedStatus(status, null, RevocationChecker.this.clock.instant());
					}
					catch (RevocationSourceException | RuntimeException ex) {
						if (observed) {
							fetched(kind, false, started);
							if (ocsp) {
								health(kind, location).failed(RevocationChecker.this.clock.instant(),
										String.valueOf(ex.getMessage()));
							}
						}
						errors.add(kind.value() + " " + (ocsp ? location : "") + ": " + ex.getMessage());
					}
				}
			}
			String error = String.join("; ", errors);
			if (observed) {
				logger.warn("No revocation status for {} ({}: {}): {}", target.label(),
						RevocationChecker.this.settings.failurePolicy().value(),
						(RevocationChecker.this.settings.failurePolicy() == FailurePolicy.FAIL_OPEN) ? "let through"
								: "refused unless a stale status may serve",
						LogText.escape(error));
			}
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
