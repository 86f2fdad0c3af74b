package io.github.mtls.benchmarks.revocation;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.revocation.CrlIndex;
import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestPki;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * Heap retained by a parsed CRL, measured after full GCs (JMH measures time, not retained size):
 * {@code java -Xmx3g -cp mtls-benchmarks/target/benchmarks.jar
 * io.github.mtls.benchmarks.revocation.CrlMemory 1000000}.
 */
public final class CrlMemory {

	private CrlMemory() {
	}

	public static void main(String[] args) throws Exception {
		int entries = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		TestPki pki = TestPki.shared();
		X509Certificate issuer = pki.root().certificate();
		Instant now = Instant.now();
		byte[] der = SyntheticCrl.der(pki.root(), entries, now, now.plus(Duration.ofDays(7)));
		BigInteger absent = SyntheticCrl.absentSerial(1);
		System.out.printf("CRL of %,d entries: %,d bytes DER%n", entries, der.length);

		long base = used();
		long started = System.nanoTime();
		CrlIndex index = CrlIndex.parse(der, issuer);
		long millis = (System.nanoTime() - started) / 1_000_000;
		long retained = used() - base;
		System.out.printf("CrlIndex:      load %,d ms, retained %,d MB (own estimate %,d MB), contains=%s%n", millis,
				retained >> 20, index.retainedBytes() >> 20, index.contains(absent));
		index = null;

		base = used();
		started = System.nanoTime();
		X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
		jdk.verify(issuer.getPublicKey());
		boolean revoked = jdk.getRevokedCertificate(absent) != null;
		millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("JDK X509CRL:   load %,d ms, retained %,d MB, revoked=%s%n", millis, (used() - base) >> 20,
				revoked);
		jdk = null;

		base = used();
		started = System.nanoTime();
		X509CRLHolder bc = new X509CRLHolder(der);
		millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("BC X509CRLHolder: load %,d ms, retained %,d MB, revoked=%s%n", millis,
				(used() - base) >> 20, bc.getRevokedCertificate(absent) != null);
	}

	private static long used() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
