package io.github.mtls.path;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateMemory;
import io.github.mtls.identity.SegmentedCache;

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

	private final Supplier<List<X509Certificate>> anchors;

	private final Supplier<List<X509Certificate>> intermediates;

	private volatile Validator current;

	private final CertificateCacheLimits limits;

	private final SegmentedCache<List<X509Certificate>, Cached> cache;

	/**
	 * Creates the cache.
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
	 * Creates the cache.
	 * @param settings the path-validation settings
	 * @param anchors the trust anchors as they are now
	 * @param intermediates the configured intermediates as they are now, read like the anchors
	 * @param limits the bounds of the verdict cache and the largest certificate validated
	 */
	public ValidatedChains(PathSettings settings, Supplier<List<X509Certificate>> anchors,
			Supplier<List<X509Certificate>> intermediates, CertificateCacheLimits limits) {
		this.settings = settings;
		this.anchors = anchors;
		this.intermediates = intermediates;
		List<X509Certificate> initial = anchors.get();
		List<X509Certificate> initialIntermediates = intermediates.get();
		this.current = new Validator(initial, initialIntermediates,
				new PathValidator(settings, initial, initialIntermediates));
		this.limits = limits;
		this.cache = limits.cache((chain, verdict) -> CertificateMemory.retainedBytes(chain));
	}

	/** The validator for the current anchors. */
	public PathValidator validator() {
		List<X509Certificate> anchors = this.anchors.get();
		List<X509Certificate> intermediates = this.intermediates.get();
		Validator current = this.current;
		// Compared by identity first: the auto-configured suppliers return the same list until a reload.
		if ((anchors != current.anchors() && !anchors.equals(current.anchors()))
				|| (intermediates != current.intermediates() && !intermediates.equals(current.intermediates()))) {
			current = new Validator(anchors, intermediates, new PathValidator(this.settings, anchors, intermediates));
			this.current = current;
			this.cache.invalidateAll();
		}
		return current.validator();
	}

	/** Whether the application knows any trust anchor to validate against. */
	public boolean hasAnchors() {
		return !validator().anchors().isEmpty();
	}

	/**
	 * The verdict for a presented chain at {@code now}.
	 * @param chain the leaf followed by the pool of CA certificates presented with it
	 * @param now the request time
	 * @param remember whether a computed verdict may be cached (not for diagnostics)
	 */
	public PathVerdict validate(X509Certificate[] chain, Instant now, boolean remember) {
		List<X509Certificate> key = Arrays.asList(chain);
		PathValidator validator = validator();
		Cached cached = this.cache.get(key);
		if (cached != null) {
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
					stable(verdict, key, validator.anchors(), validator.intermediates(), at, notBefore, notAfter));
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
	private static Cached stable(PathVerdict verdict, List<X509Certificate> chain, List<X509Certificate> anchors,
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
		return new Cached(verdict, from, until, leafNotBefore, leafNotAfter);
	}

	private record Cached(PathVerdict verdict, Instant from, Instant until, Instant leafNotBefore,
			Instant leafNotAfter) {
	}

	private record Validator(List<X509Certificate> anchors, List<X509Certificate> intermediates,
			PathValidator validator) {
	}

}
