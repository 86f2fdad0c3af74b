package io.github.mtls.benchmarks.pipeline;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import io.github.mtls.identity.CertificateFacts;
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
 * What the pipeline pays once per new TLS session (a certificate instance it has not seen):
 * deriving the facts (two SHA-256 digests, canonical DNs, SANs, usages). A kept-alive connection
 * or a resumed session pays it once; a full handshake per request pays it every time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CertificateFactsBenchmark {

	/** The client key type: {@code ec} (P-256) or {@code rsa} (2048 bits). */
	@Param({ "ec", "rsa" })
	public String keyType;

	private X509Certificate leaf;

	@Setup(Level.Trial)
	public void setUp() {
		this.leaf = BenchmarkCertificates.chain(this.keyType)[0];
	}

	@Benchmark
	public CertificateFacts deriveFacts() throws CertificateParsingException {
		return CertificateFacts.of(this.leaf);
	}

}
