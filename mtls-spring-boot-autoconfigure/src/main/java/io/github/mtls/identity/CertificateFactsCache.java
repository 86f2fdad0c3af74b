package io.github.mtls.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;

/**
 * Derives {@link CertificateFacts} once per distinct certificate, across connections and
 * handshakes. Keyed by the certificate itself: the JDK caches an {@code X509Certificate}'s hash
 * code in the object and compares certificates by their DER bytes, and on a kept-alive connection
 * or resumed session JSSE hands every request the same instances, so a warm lookup costs a cached
 * hash and one array comparison: no encoding, SHA-256 or parsing.
 *
 * <p>Bounded by estimated retained bytes in two segments ({@link SegmentedCache}): a certificate is
 * remembered among strangers until the pipeline accepts it ({@link #admit}), so certificates of no
 * pinned identity never displace a pinned client's facts. A certificate over
 * {@code mtls.max-certificate-size} is refused before any work.
 */
public final class CertificateFactsCache {

	private final CertificateCacheLimits limits;

	private final SegmentedCache<X509Certificate, CertificateFacts> cache;

	public CertificateFactsCache(CertificateCacheLimits limits) {
		this.limits = limits;
		this.cache = limits.cache((certificate, facts) -> CertificateMemory.retainedBytes(certificate));
	}

	/**
	 * Returns the facts of a certificate.
	 * @throws CertificateTooLargeException when it is over {@code mtls.max-certificate-size}
	 * @throws CertificateParsingException when an extension cannot be read
	 */
	public CertificateFacts get(X509Certificate certificate) throws CertificateParsingException {
		CertificateFacts facts = this.cache.get(certificate);
		if (facts == null) {
			if (this.limits.tooLarge(certificate)) {
				throw new CertificateTooLargeException(this.limits.tooLargeDetail(certificate));
			}
			facts = CertificateFacts.of(certificate);
			this.cache.put(certificate, facts);
		}
		return facts;
	}

	/** Keeps the facts of a pinned client's accepted certificate in the pinned segment. */
	public void admit(X509Certificate certificate) {
		this.cache.admit(certificate);
	}

	public long size() {
		return this.cache.size();
	}

	/** The entries and estimated bytes held, per segment. */
	public SegmentedCache.Usage usage() {
		return this.cache.usage();
	}

}
