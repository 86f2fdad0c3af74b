package io.github.mtls.benchmarks.revocation;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.revocation.CrlIndex;
import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestPki;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading (parse + signature verification) and querying a large CRL: the starter's
 * {@link CrlIndex} side by side with the JDK's {@link X509CRL} and Bouncy Castle's
 * {@link X509CRLHolder}, on the same generated, signed CRL.
 */
public class CrlBenchmark {

	/** One generated CRL per size, shared by the load and lookup benchmarks. */
	@State(Scope.Benchmark)
	public static class Crl {

		@Param({ "100000", "1000000" })
		int entries;

		byte[] der;

		X509Certificate issuer;

		X500Principal issuerName;

		CrlIndex index;

		X509CRL jdk;

		X509CRLHolder bc;

		BigInteger present;

		BigInteger absent;

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			TestPki pki = TestPki.shared();
			this.issuer = pki.root().certificate();
			this.issuerName = this.issuer.getSubjectX500Principal();
			Instant now = Instant.now();
			this.der = SyntheticCrl.der(pki.root(), this.entries, now, now.plus(Duration.ofDays(7)));
			this.index = CrlIndex.parse(this.der, this.issuer);
			this.jdk = (X509CRL) CertificateFactory.getInstance("X.509")
				.generateCRL(new ByteArrayInputStream(this.der));
			this.bc = new X509CRLHolder(this.der);
			this.present = SyntheticCrl.serial(this.entries / 2);
			this.absent = SyntheticCrl.absentSerial(this.entries / 2);
		}

	}

	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 1)
	@Measurement(iterations = 3)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public CrlIndex loadCrlIndex(Crl crl) throws Exception {
		return CrlIndex.parse(crl.der, crl.issuer);
	}

	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 1)
	@Measurement(iterations = 3)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public X509CRL loadJdkX509Crl(Crl crl) throws Exception {
		X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(crl.der));
		parsed.verify(crl.issuer.getPublicKey());
		// The JDK parses entries lazily on first use; a lookup forces the whole list.
		parsed.getRevokedCertificate(crl.absent);
		return parsed;
	}

	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 1)
	@Measurement(iterations = 3)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public X509CRLHolder loadBouncyCastleX509CrlHolder(Crl crl) throws Exception {
		X509CRLHolder holder = new X509CRLHolder(crl.der);
		holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(crl.issuer));
		return holder;
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 2, time = 1)
	@Measurement(iterations = 3, time = 1)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public boolean lookupAbsentInCrlIndex(Crl crl) {
		return crl.index.contains(crl.absent);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 2, time = 1)
	@Measurement(iterations = 3, time = 1)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public boolean lookupAbsentBySerialAndIssuerInCrlIndex(Crl crl) {
		// What CrlValidation calls since path validation: the entry must also be the certificate issuer's.
		return crl.index.indexOf(crl.absent, crl.issuerName) >= 0;
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 2, time = 1)
	@Measurement(iterations = 3, time = 1)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public boolean lookupPresentInCrlIndex(Crl crl) {
		return crl.index.contains(crl.present);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 2, time = 1)
	@Measurement(iterations = 3, time = 1)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public boolean lookupAbsentInJdkX509Crl(Crl crl) {
		return crl.jdk.getRevokedCertificate(crl.absent) != null;
	}

	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 1)
	@Measurement(iterations = 3)
	@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
	public X509CRLEntryHolder lookupAbsentInBouncyCastleX509CrlHolder(Crl crl) {
		return crl.bc.getRevokedCertificate(crl.absent);
	}

}
