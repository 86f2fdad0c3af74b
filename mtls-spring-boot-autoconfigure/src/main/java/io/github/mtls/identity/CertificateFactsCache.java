package io.github.mtls.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Derives {@link CertificateFacts} once per distinct certificate. Keyed by the certificate
 * object's identity (weak keys): on a kept-alive connection or a resumed session the JSSE hands the
 * same {@code X509Certificate} instances to every request, so a warm lookup neither re-encodes nor
 * hashes the certificate. Bounded by {@code maximumSize}.
 */
public final class CertificateFactsCache {

	private final Cache<X509Certificate, CertificateFacts> cache;

	public CertificateFactsCache(long maximumSize) {
		this.cache = Caffeine.newBuilder().weakKeys().maximumSize(maximumSize).build();
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
