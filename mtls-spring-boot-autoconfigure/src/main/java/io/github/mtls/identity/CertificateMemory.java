package io.github.mtls.identity;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The heap a decoded certificate keeps alive, estimated from its DER length, so that caches of
 * certificates are bounded by bytes rather than by entries: a client choosing large certificates
 * (hundreds of SANs) cannot pin more memory than the bound by presenting many distinct ones.
 *
 * <p>The factor is measured by {@code mtls-benchmarks}' {@code CertificateCacheMemory} (see
 * {@code docs/benchmarks.md}): about 10.6 heap bytes per DER byte, because the JDK's
 * {@code X509CertImpl} keeps its encoding, the encoding of each extension, a decoded object per name
 * and, once read, its subject alternative names as lists; {@link CertificateFacts} adds canonical
 * copies of the names. Rounded up by half, so that a weighed cache over-estimates rather than
 * under-estimates, also when two caches hold two decoded copies of one certificate.
 */
public final class CertificateMemory {

	/** Heap bytes retained per DER byte of a certificate: decoded JDK objects plus its facts. */
	static final int RETAINED_PER_DER_BYTE = 16;

	/** Heap bytes retained per certificate whatever its size: key object, principals, dates, the cache entry. */
	static final int RETAINED_PER_CERTIFICATE = 4096;

	private CertificateMemory() {
	}

	/**
	 * The length of a certificate's DER encoding; a certificate that cannot be encoded counts as
	 * {@link Integer#MAX_VALUE}, so that it is over every limit.
	 */
	public static int encodedLength(X509Certificate certificate) {
		try {
			return certificate.getEncoded().length;
		}
		catch (CertificateEncodingException | RuntimeException ex) {
			return Integer.MAX_VALUE;
		}
	}

	/** The estimated heap retained by a decoded certificate and its facts. */
	public static long retainedBytes(X509Certificate certificate) {
		return retainedBytes(encodedLength(certificate));
	}

	/** The estimated heap retained by a decoded certificate of {@code encodedLength} DER bytes and its facts. */
	public static long retainedBytes(long encodedLength) {
		return encodedLength * RETAINED_PER_DER_BYTE + RETAINED_PER_CERTIFICATE;
	}

	/** The estimated heap retained by decoded certificates and their facts, none shared. */
	public static long retainedBytes(List<X509Certificate> certificates) {
		long bytes = 0;
		for (X509Certificate certificate : certificates) {
			bytes += retainedBytes(certificate);
		}
		return bytes;
	}

	/** A cache weight (an {@code int}) for an estimate in bytes. */
	public static int weight(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
	}

}
