package io.github.mtls.identity;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The bounds of every cache of certificates, facts and verdicts ({@code mtls.certificate-cache-memory},
 * {@code mtls.unpinned-certificate-cache-memory}), and the largest certificate the application
 * works on ({@code mtls.max-certificate-size}).
 *
 * @param pinnedBytes the estimated retained bytes each cache may hold for pinned clients
 * @param strangerBytes the estimated retained bytes each cache may hold for everything else
 * @param maxCertificateSize the largest DER encoding of a presented or forwarded certificate
 */
public record CertificateCacheLimits(long pinnedBytes, long strangerBytes, int maxCertificateSize) {

	/** The defaults of the properties: 16 MB, 4 MB and 8 KB. */
	public static final CertificateCacheLimits DEFAULTS = new CertificateCacheLimits(16L << 20, 4L << 20, 8 << 10);

	/** A cache of two segments with these bounds. */
	public <K, V> SegmentedCache<K, V> cache(BiFunction<K, V, Long> bytes) {
		return new SegmentedCache<>(this.pinnedBytes, this.strangerBytes, bytes);
	}

	/** Whether a certificate's DER encoding is over {@link #maxCertificateSize()}. */
	public boolean tooLarge(X509Certificate certificate) {
		return CertificateMemory.encodedLength(certificate) > this.maxCertificateSize;
	}

	/** The first certificate over {@link #maxCertificateSize()}, or -1. */
	public int firstTooLarge(List<X509Certificate> certificates) {
		for (int i = 0; i < certificates.size(); i++) {
			if (tooLarge(certificates.get(i))) {
				return i;
			}
		}
		return -1;
	}

	/** The refusal detail for a certificate over the limit, without internals. */
	public String tooLargeDetail(X509Certificate certificate) {
		return "a certificate of " + CertificateMemory.encodedLength(certificate)
				+ " bytes exceeds mtls.max-certificate-size " + this.maxCertificateSize;
	}

}
