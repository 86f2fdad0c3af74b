package io.github.mtls.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Derives {@link CertificateFacts} once per distinct certificate, across connections and
 * handshakes, bounded by {@code maximumSize}. Keyed by the certificate itself: the JDK caches an
 * {@code X509Certificate}'s hash code in the object and compares certificates by their DER bytes,
 * and on a kept-alive connection or resumed session JSSE hands every request the same instances,
 * so a warm lookup costs a cached hash and one array comparison: no encoding, SHA-256 or parsing.
 */
public final class CertificateFactsCache {

	private final Cache<X509Certificate, CertificateFacts> cache;

	public CertificateFactsCache(long maximumSize) {
		this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
	}

	/**
	 * Returns the facts of a certificate.
	 * @throws CertificateParsingException when an extension cannot be read
	 */
	public CertificateFacts get(X509Certificate certificate) throws CertificateParsingException {
		CertificateFacts facts = this.cache.getIfPresent(certificate);
		if (facts == null) {
			facts = CertificateFacts.of(certificate);
			this.cache.put(certificate, facts);
		}
		return facts;
	}

	public long size() {
		return this.cache.estimatedSize();
	}

}
