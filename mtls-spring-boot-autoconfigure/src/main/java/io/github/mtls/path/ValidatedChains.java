package io.github.mtls.path;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateMemory;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SegmentedCache;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.reload.TrustAndIdentities;
import org.jspecify.annotations.Nullable;

/**
 * Path validation off the hot path: the verdict for each distinct presented chain is computed once
 * and reused while no certificate of the chain or of the anchors changes its validity state.
 *
 * <p>The chain is validated at the request time moved into the leaf's validity window: an expired
 * leaf whose path is otherwise sound gets the same verdict as before it expired, and the pipeline's
 * leaf check refuses it as {@code certificate_expired}, in direct and proxy mode alike. Revocation
 * is not part of the verdict: the revocation checker caches statuses by their own freshness.
 *
 * <p>Verdicts are bounded by estimated retained bytes in two segments: a chain's verdict stays
 * among strangers until the pipeline accepts the chain ({@link #admit}), so a flood of chains of no
 * pinned identity never displaces a pinned client's verdict. A CA certificate over
 * {@code mtls.max-certificate-size} is refused before any validation or caching.
 */
public final class ValidatedChains {

	private final PathSettings settings;

	private final Supplier<TrustAndIdentities> current;

	private volatile Validator validator;

	private final CertificateCacheLimits limits;

	private final SegmentedCache<List<X509Certificate>, Cached> cache;

	private final @Nullable IssuerFetcher fetcher;

	/**
	 * Creates the cache over fixed anchors.
	 * @param settings the path-validation settings
	 * @param anchors the trust anchors as they are now: read on every request, so that a reloaded
	 * trust bundle takes effect at once (the verdicts of the previous anchors are dropped)
	 * @param limits the bounds of the verdict cache and the largest certificate validated
	 */
	public ValidatedChains(PathSettings settings, Supplier<List<X509Certificate>> anchors,
			CertificateCacheLimits limits) {
		this(settings, anchors, List::of, limits);
	}

	/**
	 * Creates the cache over suppliers of anchors and intermediates, each change of which is a new
	 * generation.
	 * @param settings the path-validation settings
	 * @param anchors the trust anchors as they are now
	 * @param intermediates the configured intermediates as they are now, read like the anchors
	 * @param limits the bounds of the verdict cache and the largest certificate validated
	 */
	public ValidatedChains(PathSettings settings, Supplier<List<X509Certificate>> anchors,
			Supplier<List<X509Certificate>> intermediates, CertificateCacheLimits limits) {
		this(following(anchors, intermediates), settings, limits);
	}

	/**
	 * Creates the cache over the configuration in force.
	 * @param current the configuration in force: a verdict holds only for the generation it was
	 * computed under
	 * @param settings the path-validation settings
	 * @param limits the bounds of the verdict cache and the largest certificate validated
	 */
	public ValidatedChains(Supplier<TrustAndIdentities> current, PathSettings settings,
			CertificateCacheLimits limits) {
		this(current, settings, limits, null);
	}

	/**
	 * Creates the cache over the configuration in force, completing pinned clients' chains from
	 * their caIssuers URLs.
	 * @param current the configuration in force
	 * @param settings the path-validation settings
	 * @param limits the bounds of the verdict cache and the largest certificate validated
	 * @param fetcher fetches missing issuers ({@code mtls.trust.fetch-issuers}), or {@code null}
	 */
	public ValidatedChains(Supplier<TrustAndIdentities> current, PathSettings settings,
			CertificateCacheLimits limits, @Nullable IssuerFetcher fetcher) {
		this.fetcher = fetcher;
		this.settings = settings;
		this.current = current;
		TrustAndIdentities initial = current.get();
		this.validator = new Validator(initial.generation(),
				new PathValidator(settings, initial.anchors(), initial.intermediates()));
		this.limits = limits;
		this.cache = limits.cache((chain, verdict) -> CertificateMemory.retainedBytes(chain));
	}

	/** The validator for the configuration in force. */
	public PathValidator validator() {
		return validator(this.current.get()).validator();
	}

	private Validator validator(TrustAndIdentities trust) {
		Validator validator = this.validator;
		if (validator.generation() == trust.generation()) {
			return validator;
		}
		Validator fresh = new Validator(trust.generation(),
				new PathValidator(this.settings, trust.anchors(), trust.intermediates()));
		synchronized (this) {
			if (this.validator.generation() < fresh.generation()) {
				this.validator = fresh;
				// Only memory: a verdict of another generation is never served (see validate).
				this.cache.invalidateAll();
			}
		}
		return fresh;
	}

	/** The configuration this cache validates against now. */
	public TrustAndIdentities trust() {
		return this.current.get();
	}

	/** Whether the application knows any trust anchor to validate against. */
	public boolean hasAnchors() {
		return !this.current.get().anchors().isEmpty();
	}

	/**
	 * The verdict for a presented chain at {@code now}, under the configuration in force.
	 * @param chain the leaf followed by the pool of CA certificates presented with it
	 * @param now the request time
	 * @param remember whether a computed verdict may be cached (not for diagnostics)
	 */
	public PathVerdict validate(X509Certificate[] chain, Instant now, boolean remember) {
		return validate(this.current.get(), chain, now, remember);
	}

	/**
	 * The verdict for a presented chain at {@code now}, under the configuration a request read once.
	 * @param trust the configuration the request is decided with
	 * @param chain the leaf followed by the pool of CA certificates presented with it
	 * @param now the request time
	 * @param remember whether a computed verdict may be cached (not for diagnostics)
	 */
	public PathVerdict validate(TrustAndIdentities trust, X509Certificate[] chain, Instant now, boolean remember) {
		return validate(trust, chain, now, remember, false);
	}

	/**
	 * The verdict for a presented chain, completed with the issuers fetched from its caIssuers URLs
	 * when it lacks one and the fetcher is on.
	 * @param trust the configuration the request is decided with
	 * @param chain the leaf followed by the pool of CA certificates presented with it
	 * @param now the request time
	 * @param remember whether a computed verdict may be cached (not for diagnostics)
	 * @param pinned whether the leaf matches a pinned identity: only then may the server fetch, so
	 * that an unknown certificate never makes it connect anywhere
	 */
	public PathVerdict validate(TrustAndIdentities trust, X509Certificate[] chain, Instant now, boolean remember,
			boolean pinned) {
		PathVerdict verdict = verdict(trust, chain, now, remember);
		if (pinned && this.fetcher != null && verdict instanceof PathVerdict.Invalid invalid
				&& invalid.refusal().reason() == RefusalReason.CERTIFICATE_UNTRUSTED) {
			List<X509Certificate> fetched = this.fetcher.missingIssuers(Arrays.asList(chain),
					validator(trust).validator());
			if (!fetched.isEmpty()) {
				// Only more pool: the completed chain must still end in a configured anchor.
				List<X509Certificate> completed = new ArrayList<>(Arrays.asList(chain));
				completed.addAll(fetched);
				return verdict(trust, completed.toArray(X509Certificate[]::new), now, remember);
			}
		}
		return verdict;
	}

	/**
	 * The issuer fetch that {@link #validate(TrustAndIdentities, X509Certificate[], Instant, boolean, boolean)}
	 * would wait for, started and not yet answered: a caller that must not block waits for it elsewhere
	 * and validates once it is answered.
	 * @return the fetch under way, or {@code null} when validating waits for nothing
	 */
	public @Nullable CompletableFuture<?> pendingFetch(TrustAndIdentities trust, X509Certificate[] chain, Instant now,
			boolean pinned) {
		if (!pinned || this.fetcher == null) {
			return null;
		}
		PathVerdict verdict = verdict(trust, chain, now, true);
		return (verdict instanceof PathVerdict.Invalid invalid
				&& invalid.refusal().reason() == RefusalReason.CERTIFICATE_UNTRUSTED)
						? this.fetcher.pending(Arrays.asList(chain), validator(trust).validator()) : null;
	}

	private PathVerdict verdict(TrustAndIdentities trust, X509Certificate[] chain, Instant now, boolean remember) {
		List<X509Certificate> key = Arrays.asList(chain);
		PathValidator validator = validator(trust).validator();
		Cached cached = this.cache.get(key);
		// A verdict of another generation is never served: one computed with removed anchors may be
		// stored after the reload's invalidation by a request that started before it.
		if (cached != null && cached.generation() == trust.generation()) {
			// The leaf's window is remembered: reading it from the certificate allocates two Dates.
			Instant at = clamp(now, cached.leafNotBefore(), cached.leafNotAfter());
			if (!at.isBefore(cached.from()) && at.isBefore(cached.until())) {
				return cached.verdict();
			}
		}
		int tooLarge = this.limits.firstTooLarge(key);
		if (tooLarge >= 0) {
			// Never validated nor remembered: the work and memory a chain may cost are bounded.
			return new PathVerdict.Invalid(new Refusal(RefusalReason.CERTIFICATE_TOO_LARGE,
					this.limits.tooLargeDetail(chain[tooLarge])), null);
		}
		Instant notBefore = chain[0].getNotBefore().toInstant();
		Instant notAfter = chain[0].getNotAfter().toInstant();
		Instant at = clamp(now, notBefore, notAfter);
		PathVerdict verdict = validator.validate(chain[0], key.subList(1, chain.length), at);
		if (remember) {
			this.cache.put(List.copyOf(key),
					stable(trust.generation(), verdict, key, validator.anchors(), validator.intermediates(), at,
							notBefore, notAfter));
		}
		return verdict;
	}

	/** Keeps the verdict of a pinned client's accepted chain in the pinned segment. */
	public void admit(X509Certificate[] chain) {
		this.cache.admit(Arrays.asList(chain));
	}

	/** The number of chains remembered. */
	public long size() {
		return this.cache.size();
	}

	/** The entries and estimated bytes held, per segment. */
	public SegmentedCache.Usage usage() {
		return this.cache.usage();
	}

	private static Instant clamp(Instant now, Instant notBefore, Instant notAfter) {
		return now.isBefore(notBefore) ? notBefore : now.isAfter(notAfter) ? notAfter : now;
	}

	/**
	 * The verdict with the interval around {@code at} in which none of the certificates it could
	 * depend on (the chain, the anchors and the configured intermediates) starts or stops being valid.
	 */
	private static Cached stable(long generation, PathVerdict verdict, List<X509Certificate> chain, List<X509Certificate> anchors,
			List<X509Certificate> intermediates, Instant at, Instant leafNotBefore, Instant leafNotAfter) {
		Instant from = Instant.MIN;
		Instant until = Instant.MAX;
		for (List<X509Certificate> certificates : List.of(chain.subList(1, chain.size()), anchors, intermediates)) {
			for (X509Certificate certificate : certificates) {
				for (Instant edge : new Instant[] { certificate.getNotBefore().toInstant(),
						certificate.getNotAfter().toInstant().plusMillis(1) }) {
					if (edge.isAfter(at)) {
						until = edge.isBefore(until) ? edge : until;
					}
					else {
						from = edge.isAfter(from) ? edge : from;
					}
				}
			}
		}
		return new Cached(generation, verdict, from, until, leafNotBefore, leafNotAfter);
	}

	private record Cached(long generation, PathVerdict verdict, Instant from, Instant until, Instant leafNotBefore,
			Instant leafNotAfter) {
	}

	private record Validator(long generation, PathValidator validator) {
	}

	/** Suppliers of lists as generations: a new generation whenever either returns another list. */
	private static Supplier<TrustAndIdentities> following(Supplier<List<X509Certificate>> anchors,
			Supplier<List<X509Certificate>> intermediates) {
		IdentityIndex none = new IdentityIndex(List.of());
		AtomicReference<Seen> last = new AtomicReference<>();
		return () -> {
			List<X509Certificate> a = anchors.get();
			List<X509Certificate> i = intermediates.get();
			return last.updateAndGet((seen) -> (seen != null && same(a, seen.anchors())
					&& same(i, seen.intermediates())) ? seen
							: new Seen(a, i, new TrustAndIdentities((seen != null) ? seen.trust().generation() + 1 : 1,
									new ClientTrust("anchors", a), i, none, new TrustAndIdentities.Load(
											TrustAndIdentities.Part.TRUST, "anchors", Instant.EPOCH))))
				.trust();
		};
	}

	private record Seen(List<X509Certificate> anchors, List<X509Certificate> intermediates, TrustAndIdentities trust) {
	}

	private static boolean same(List<X509Certificate> now, List<X509Certificate> before) {
		return now == before || now.equals(before);
	}

}
