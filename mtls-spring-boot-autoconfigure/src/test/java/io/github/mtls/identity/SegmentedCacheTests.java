package io.github.mtls.identity;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The weighing and segment rules of the certificate caches: strangers evict only strangers, every
 * segment stays within its bytes, and a certificate over the size limit is never remembered.
 */
class SegmentedCacheTests {

	static final KeyPair keys = TestCertificate.client("CN=keys").build().keyPair();

	final CertificateCacheLimits limits = new CertificateCacheLimits(2 << 20, 2 << 20, 16 << 10);

	final CertificateFactsCache facts = new CertificateFactsCache(this.limits);

	@Test
	void aFloodOfStrangersDoesNotDisplaceAnAdmittedClient() throws Exception {
		X509Certificate pinned = TestPki.shared().client("CN=orders,O=Acme").certificate();
		CertificateFacts cached = this.facts.get(pinned);
		this.facts.admit(pinned);
		for (int i = 0; i < 200; i++) {
			this.facts.get(TestCertificate.stranger(keys, 100).certificate());
		}
		assertThat(this.facts.get(pinned)).isSameAs(cached);
		assertThat(this.facts.usage().pinnedEntries()).isEqualTo(1);
	}

	@Test
	void aStrangerNeverAdmittedIsEvictedByOtherStrangers() throws Exception {
		X509Certificate first = TestCertificate.stranger(keys, 100).certificate();
		CertificateFacts cached = this.facts.get(first);
		for (int i = 0; i < 200; i++) {
			this.facts.get(TestCertificate.stranger(keys, 100).certificate());
		}
		assertThat(this.facts.get(first)).isNotSameAs(cached);
	}

	@Test
	void everySegmentStaysWithinItsBytes() throws Exception {
		for (int i = 0; i < 200; i++) {
			X509Certificate certificate = TestCertificate.stranger(keys, 300).certificate();
			this.facts.get(certificate);
			if (i % 2 == 0) {
				this.facts.admit(certificate);
			}
		}
		SegmentedCache.Usage usage = this.facts.usage();
		assertThat(usage.pinnedBytes()).isPositive().isLessThanOrEqualTo(this.limits.pinnedBytes());
		assertThat(usage.strangerBytes()).isPositive().isLessThanOrEqualTo(this.limits.strangerBytes());
		assertThat(usage.pinnedEntries() + usage.strangerEntries()).isLessThan(200);
	}

	@Test
	void aCertificateWeighsItsEncodingTimesTheMeasuredFactor() throws Exception {
		X509Certificate large = TestCertificate.stranger(keys, 300).certificate();
		int der = large.getEncoded().length;
		assertThat(der).isBetween(6_000, 9_000);
		// Measured (CertificateCacheMemory): about 10.6 bytes of heap per DER byte, decoded and with facts.
		assertThat(CertificateMemory.retainedBytes(large)).isGreaterThanOrEqualTo(11L * der)
			.isEqualTo((long) der * CertificateMemory.RETAINED_PER_DER_BYTE + CertificateMemory.RETAINED_PER_CERTIFICATE);
	}

	@Test
	void aCertificateOverTheSizeLimitIsRefusedAndNotRemembered() {
		X509Certificate huge = TestCertificate.stranger(keys, 1000).certificate();
		assertThatExceptionOfType(CertificateTooLargeException.class).isThrownBy(() -> this.facts.get(huge))
			.withMessageContaining("exceeds mtls.max-certificate-size 16384");
		assertThat(this.facts.size()).isZero();
	}

	@Test
	void admittingWhatWasNeverSeenRemembersNothing() {
		this.facts.admit(TestCertificate.stranger(keys, 1).certificate());
		assertThat(this.facts.size()).isZero();
	}

}
