package io.github.mtls.proxy;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.policy.ClientTrust;
import org.jspecify.annotations.Nullable;

/**
 * Turns a trusted proxy's headers into the client's certificate chain: bounded in size, decoded in
 * the configured {@link HeaderFormat}, limited in length and, unless switched off, PKIX-validated
 * against the application's own {@link ClientTrust} anchors. The proxy's word is never taken for
 * the chain: a proxy that forwards what it never verified (nginx {@code optional_no_ca}, an ALB in
 * passthrough mode) cannot let an unknown issuer in.
 *
 * <p>The work is done once per distinct header value and cached (bounded): kept-alive clients
 * resend the same header, and get the same certificate instances back, so neither decoding nor
 * signature verification nor the pipeline's per-certificate facts are repeated. What depends on the
 * request time is checked on every request: the validity of the chain's CA certificates here, the
 * leaf's validity in the pipeline's policy (reported as {@code certificate_expired}, exactly as in
 * direct mode).
 */
public final class ForwardedCertificates {

	private final HeaderFormat format;

	private final @Nullable ClientTrust trust;

	private final int maxChainLength;

	private final long maxHeaderSize;

	private final Cache<ForwardedHeaders, Resolved> cache;

	/**
	 * Creates the resolver.
	 * @param format the header format
	 * @param trust the anchors to re-validate against, or {@code null} to trust the proxy's validation
	 * @param maxChainLength the most certificates a forwarded chain may hold, leaf included
	 * @param maxHeaderSize the most characters the forwarded headers may hold together
	 * @param cacheSize the number of distinct header values of 4 KB (a typical forwarded chain) to
	 * remember; shorter headers leave room for more
	 */
	public ForwardedCertificates(HeaderFormat format, @Nullable ClientTrust trust, int maxChainLength,
			long maxHeaderSize, long cacheSize) {
		this.format = format;
		this.trust = trust;
		this.maxChainLength = maxChainLength;
		this.maxHeaderSize = maxHeaderSize;
		// Weighed by header length: 4 KB per remembered chain on average, so long headers cannot pin
		// more memory than cacheSize typical ones would.
		this.cache = Caffeine.newBuilder()
			.maximumWeight(Math.max(1, cacheSize) * 4096)
			.weigher((ForwardedHeaders key, Resolved value) -> (int) Math.min(Integer.MAX_VALUE, key.length() + 1))
			.build();
	}

	public HeaderFormat format() {
		return this.format;
	}

	/** Whether forwarded chains are re-validated against the application's anchors. */
	public boolean revalidates() {
		return this.trust != null;
	}

	/**
	 * Resolves the forwarded headers of one request.
	 * @param headers the header lines from a trusted proxy
	 * @param now the request time
	 * @return the chain, {@link ForwardedChain#ABSENT} or a refusal; never throws
	 */
	public ForwardedChain resolve(ForwardedHeaders headers, Instant now) {
		long length = headers.length();
		if (length > this.maxHeaderSize) {
			// Checked before the cache, so an oversized value is neither decoded nor stored.
			return refused(RefusalReason.MALFORMED_CERTIFICATE_HEADER,
					"forwarded certificate headers of " + length + " characters exceed max-header-size "
							+ this.maxHeaderSize);
		}
		if (headers.isEmpty()) {
			return ForwardedChain.ABSENT;
		}
		Resolved resolved = this.cache.getIfPresent(headers);
		if (resolved == null) {
			resolved = resolve(headers, this.format.decode(headers), now);
			if (resolved.cacheable()) {
				this.cache.put(headers, resolved);
			}
		}
		return resolved.at(now);
	}

	/** The number of distinct header values currently remembered. */
	public long cachedChains() {
		return this.cache.estimatedSize();
	}

	private Resolved resolve(ForwardedHeaders headers, ForwardedChain decoded, Instant now) {
		if (!(decoded instanceof ForwardedChain.Present present)) {
			return Resolved.always(decoded);
		}
		X509Certificate[] chain = distinct(present.chain());
		if (chain.length > this.maxChainLength) {
			return Resolved.always(refused(RefusalReason.MALFORMED_CERTIFICATE_HEADER, "a chain of " + chain.length
					+ " certificates exceeds max-chain-length " + this.maxChainLength));
		}
		X509Certificate leaf = chain[0];
		if (leaf.getBasicConstraints() != -1) {
			return Resolved.always(refused(RefusalReason.CERTIFICATE_POLICY,
					"a CA certificate was forwarded as the client certificate"));
		}
		if (this.trust == null) {
			return Resolved.always(new ForwardedChain.Present(chain));
		}
		return validate(chain, now);
	}

	/**
	 * Builds and validates a PKIX path (RFC 5280 section 6) from the leaf to one of the anchors,
	 * using the forwarded CA certificates as candidates in any order. Validated at the request time,
	 * moved into the leaf's validity window when outside it, so that an expired leaf whose chain is
	 * otherwise sound is refused by the pipeline's policy as expired rather than as untrusted.
	 * Revocation is left to the pipeline's chain checks, exactly as in direct mode.
	 */
	private Resolved validate(X509Certificate[] chain, Instant now) {
		X509Certificate leaf = chain[0];
		Instant notBefore = leaf.getNotBefore().toInstant();
		Instant notAfter = leaf.getNotAfter().toInstant();
		Instant at = now.isBefore(notBefore) ? notBefore : now.isAfter(notAfter) ? notAfter : now;
		for (TrustAnchor anchor : this.trust.trustAnchors()) {
			if (leaf.equals(anchor.getTrustedCert())) {
				// A self-signed client certificate trusted as such, as the JSSE accepts it in direct mode.
				return Resolved.always(new ForwardedChain.Present(new X509Certificate[] { leaf }));
			}
		}
		try {
			X509CertSelector target = new X509CertSelector();
			target.setCertificate(leaf);
			PKIXBuilderParameters parameters = new PKIXBuilderParameters(this.trust.trustAnchors(), target);
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(at));
			parameters.setMaxPathLength(this.maxChainLength);
			List<X509Certificate> candidates = new ArrayList<>(Arrays.asList(chain).subList(1, chain.length));
			parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
			PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
				.build(parameters);
			@SuppressWarnings("unchecked")
			List<X509Certificate> path = (List<X509Certificate>) result.getCertPath().getCertificates();
			Instant validFrom = Instant.MIN;
			Instant validUntil = Instant.MAX;
			for (X509Certificate ca : path.subList(1, path.size())) {
				validFrom = max(validFrom, ca.getNotBefore().toInstant());
				validUntil = min(validUntil, ca.getNotAfter().toInstant());
			}
			return new Resolved(new ForwardedChain.Present(path.toArray(X509Certificate[]::new)), validFrom,
					validUntil, true);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// Formatted once per distinct header (the outcome is cached), never per request.
			ForwardedChain refusal = refused(RefusalReason.CERTIFICATE_UNTRUSTED,
					"no valid certification path from \"" + leaf.getSubjectX500Principal().getName() + "\" (issuer \""
							+ leaf.getIssuerX500Principal().getName() + "\") to the anchors of " + this.trust.source()
							+ ": " + ex.getMessage());
			// A path that failed because a CA certificate was outside its validity may pass at another time.
			boolean timeless = Arrays.stream(chain).skip(1).allMatch((ca) -> validAt(ca, at));
			return new Resolved(refusal, Instant.MIN, Instant.MAX, timeless);
		}
	}

	private static boolean validAt(X509Certificate certificate, Instant at) {
		return !at.isBefore(certificate.getNotBefore().toInstant())
				&& !at.isAfter(certificate.getNotAfter().toInstant());
	}

	private static X509Certificate[] distinct(X509Certificate[] chain) {
		return Arrays.stream(chain).distinct().toArray(X509Certificate[]::new);
	}

	private static ForwardedChain refused(RefusalReason reason, String detail) {
		return new ForwardedChain.Refused(new Refusal(reason, detail));
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	/**
	 * A resolved header value: its outcome and the window in which the chain's CA certificates are
	 * valid, checked per request.
	 */
	private record Resolved(ForwardedChain chain, Instant validFrom, Instant validUntil, boolean cacheable) {

		static Resolved always(ForwardedChain chain) {
			return new Resolved(chain, Instant.MIN, Instant.MAX, true);
		}

		ForwardedChain at(Instant now) {
			if (now.isBefore(this.validFrom) || now.isAfter(this.validUntil)) {
				return refused(RefusalReason.CERTIFICATE_UNTRUSTED,
						"a CA certificate of the chain is not valid at " + now);
			}
			return this.chain;
		}

	}

}
