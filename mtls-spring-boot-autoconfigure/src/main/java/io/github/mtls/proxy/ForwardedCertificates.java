package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateMemory;
import io.github.mtls.identity.SegmentedCache;

/**
 * Turns a trusted proxy's headers into the client's certificate chain: bounded in size, decoded in
 * the configured {@link HeaderFormat} and limited in length. The pipeline then validates the chain's
 * path against the application's own anchors, exactly as in direct mode, unless
 * {@code mtls.proxy.revalidate-chain=false}: the proxy's word is never taken for the chain by
 * default, so a proxy that forwards what it never verified (nginx {@code optional_no_ca}, an ALB in
 * passthrough mode) cannot let an unknown issuer in.
 *
 * <p>Decoding is done once per distinct header value and cached (bounded): kept-alive clients
 * resend the same header, and get the same certificate instances back, so neither decoding nor the
 * pipeline's per-certificate facts and path verdicts are repeated. The cache is bounded by the
 * estimated heap of the header and its decoded certificates, in two segments: a header stays among
 * strangers until its chain is accepted ({@link #admit}). A certificate over
 * {@code mtls.max-certificate-size} is refused right after decoding, before anything else.
 */
public final class ForwardedCertificates {

	private final HeaderFormat format;

	private final boolean revalidate;

	private final int maxChainLength;

	private final long maxHeaderSize;

	private final CertificateCacheLimits limits;

	private final SegmentedCache<ForwardedHeaders, ForwardedChain> cache;

	/**
	 * Creates the resolver.
	 * @param format the header format
	 * @param revalidate whether the pipeline validates the forwarded chain's path, or trusts the proxy's
	 * validation
	 * @param maxChainLength the most certificates a forwarded chain may hold, leaf included
	 * @param maxHeaderSize the most characters the forwarded headers may hold together
	 * @param limits the bounds of the cache of decoded headers and the largest certificate decoded
	 */
	public ForwardedCertificates(HeaderFormat format, boolean revalidate, int maxChainLength,
			long maxHeaderSize, CertificateCacheLimits limits) {
		this.format = format;
		this.revalidate = revalidate;
		this.maxChainLength = maxChainLength;
		this.maxHeaderSize = maxHeaderSize;
		this.limits = limits;
		this.cache = limits.cache(ForwardedCertificates::retainedBytes);
	}

	public HeaderFormat format() {
		return this.format;
	}

	/** Whether forwarded chains are re-validated against the application's anchors. */
	public boolean revalidates() {
		return this.revalidate;
	}

	/**
	 * Resolves the forwarded headers of one request.
	 * @param headers the header lines from a trusted proxy
	 * @return the chain, {@link ForwardedChain#ABSENT} or a refusal; never throws
	 */
	public ForwardedChain resolve(ForwardedHeaders headers) {
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
		ForwardedChain resolved = this.cache.get(headers);
		if (resolved == null) {
			resolved = limit(this.format.decode(headers));
			this.cache.put(headers, resolved);
		}
		return resolved;
	}

	/** Keeps the decoded chain of a pinned client's accepted header in the pinned segment. */
	public void admit(ForwardedHeaders headers) {
		this.cache.admit(headers);
	}

	/** The number of distinct header values currently remembered. */
	public long cachedChains() {
		return this.cache.size();
	}

	/** The entries and estimated bytes held, per segment. */
	public SegmentedCache.Usage usage() {
		return this.cache.usage();
	}

	/** The header's characters (two bytes each at worst) and the certificates decoded from it. */
	private static long retainedBytes(ForwardedHeaders headers, ForwardedChain chain) {
		long bytes = 2 * headers.length() + 256;
		if (chain instanceof ForwardedChain.Present present) {
			bytes += CertificateMemory.retainedBytes(List.of(present.chain()));
		}
		return bytes;
	}

	private ForwardedChain limit(ForwardedChain decoded) {
		if (!(decoded instanceof ForwardedChain.Present present)) {
			return decoded;
		}
		int tooLarge = this.limits.firstTooLarge(List.of(present.chain()));
		if (tooLarge >= 0) {
			return refused(RefusalReason.CERTIFICATE_TOO_LARGE, this.limits.tooLargeDetail(present.chain()[tooLarge]));
		}
		X509Certificate[] chain = Arrays.stream(present.chain()).distinct().toArray(X509Certificate[]::new);
		if (chain.length > this.maxChainLength) {
			return refused(RefusalReason.MALFORMED_CERTIFICATE_HEADER, "a chain of " + chain.length
					+ " certificates exceeds max-chain-length " + this.maxChainLength);
		}
		return new ForwardedChain.Present(chain);
	}

	private static ForwardedChain refused(RefusalReason reason, String detail) {
		return new ForwardedChain.Refused(new Refusal(reason, detail));
	}

}
