package io.github.mtls.revocation;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import io.github.mtls.test.Revocations;
import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The compact CRL index: what it finds, what it refuses to read.
 */
class CrlIndexTests {

	static final TestPki pki = TestPki.shared();

	static final Instant now = Instant.now();

	@Test
	void revokedSerialsAreFoundWithTheirReasonAndOthersAreNot() throws Exception {
		TestCertificate revoked = pki.client("CN=revoked");
		TestCertificate held = pki.client("CN=held");
		TestCertificate good = pki.client("CN=good");
		Revocations revocations = Revocations.of(pki.root()).revoke(revoked).revoke(held, CRLReason.certificateHold);
		CrlIndex index = CrlIndex.parse(revocations.crl(now, now.plus(Duration.ofDays(1))), pki.root().certificate());
		assertThat(index.size()).isEqualTo(2);
		assertThat(index.reason(index.indexOf(revoked.certificate().getSerialNumber()))).isEqualTo("keyCompromise");
		assertThat(index.reason(index.indexOf(held.certificate().getSerialNumber()))).isEqualTo("certificateHold");
		assertThat(index.contains(good.certificate().getSerialNumber())).isFalse();
		assertThat(index.nextUpdate()).isAfter(now);
	}

	@Test
	void largeCrlFindsEveryEntryAndNoAbsentSerial() throws Exception {
		int entries = 200_000;
		byte[] der = SyntheticCrl.der(pki.root(), entries, now, now.plus(Duration.ofDays(7)));
		CrlIndex index = CrlIndex.parse(der, pki.root().certificate());
		assertThat(index.size()).isEqualTo(entries);
		for (int i = 0; i < entries; i += 7) {
			assertThat(index.contains(SyntheticCrl.serial(i))).isTrue();
			assertThat(index.contains(SyntheticCrl.absentSerial(i))).isFalse();
		}
		assertThat(index.reason(index.indexOf(SyntheticCrl.serial(10)))).isEqualTo("keyCompromise");
		assertThat(index.revokedAt(0)).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		// About 16 bytes of serial, 4 of date, 1 of reason and 8 of hash table per entry.
		assertThat(index.retainedBytes()).isLessThan(entries * 40L);
	}

	@Test
	void serialsCompareByValueWhateverTheirLength() throws Exception {
		Revocations revocations = Revocations.of(pki.root())
			.revoke(BigInteger.ONE, now, 0)
			.revoke(new BigInteger("ff", 16), now, 0)
			.revoke(new BigInteger("0123456789abcdef0123456789abcdef01", 16), now, 0);
		CrlIndex index = CrlIndex.parse(revocations.crl(now, now.plus(Duration.ofDays(1))), pki.root().certificate());
		assertThat(index.contains(BigInteger.ONE)).isTrue();
		assertThat(index.contains(BigInteger.valueOf(255))).isTrue();
		assertThat(index.contains(new BigInteger("0123456789abcdef0123456789abcdef01", 16))).isTrue();
		assertThat(index.contains(BigInteger.TWO)).isFalse();
		assertThat(index.contains(BigInteger.valueOf(-1))).isFalse();
		assertThat(index.contains(new BigInteger("ff0123456789abcdef0123456789abcdef01", 16))).isFalse();
	}

	@Test
	void crlSignedByAnotherKeyIsRefused() {
		TestCertificate impostor = TestCertificate.authority(pki.root().subjectDn()).build();
		byte[] der = Revocations.of(impostor).crl(now, now.plus(Duration.ofDays(1)));
		assertThatExceptionOfType(RevocationSourceException.class)
			.isThrownBy(() -> CrlIndex.parse(der, pki.root().certificate()))
			.withMessageContaining("signature");
	}

	@Test
	void crlOfAnotherIssuerIsRefused() {
		TestCertificate other = TestCertificate.authority("CN=Other CA").keyPair(pki.root().keyPair()).build();
		byte[] der = Revocations.of(other).crl(now, now.plus(Duration.ofDays(1)));
		assertThatExceptionOfType(RevocationSourceException.class)
			.isThrownBy(() -> CrlIndex.parse(der, pki.root().certificate()))
			.withMessageContaining("issued by");
	}

	@Test
	void truncatedOrTamperedCrlIsRefused() {
		byte[] der = SyntheticCrl.der(pki.root(), 100, now, now.plus(Duration.ofDays(1)));
		byte[] truncated = Arrays.copyOf(der, der.length - 10);
		byte[] tampered = der.clone();
		tampered[tampered.length / 2] ^= 1;
		assertThatExceptionOfType(RevocationSourceException.class)
			.isThrownBy(() -> CrlIndex.parse(truncated, pki.root().certificate()));
		assertThatExceptionOfType(RevocationSourceException.class)
			.isThrownBy(() -> CrlIndex.parse(tampered, pki.root().certificate()));
		assertThatExceptionOfType(RevocationSourceException.class)
			.isThrownBy(() -> CrlIndex.parse(new byte[] { 0x30, (byte) 0x84, 0x7f, 0, 0, 0 }, pki.root().certificate()));
	}

}
