package io.github.mtls.benchmarks.path;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.test.TestCertificate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The path verdict a kept-alive client (or a resumed TLS session) gets on every request:
 * {@link ValidatedChains#validate} for a chain validated before, as the pipeline calls it. The chain
 * is the client certificate and its issuing CA, below the root the {@code ValidatedChains} trusts;
 * the same certificate instances on every invocation, as Tomcat hands them to every request of one
 * TLS session. The cache holds {@code chains} distinct chains (the default
 * bound is {@code mtls.certificate-cache-memory}; here one large enough for all of them).
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'path.CachedVerdictBenchmark' -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CachedVerdictBenchmark {

	/** {@code ec}: P-256 throughout; {@code rsa}: RSA-2048 throughout. */
	@Param({ "ec", "rsa" })
	public String keyType;

	/** Distinct chains with a cached verdict (the client's among them). */
	@Param({ "1", "1000" })
	public int chains;

	ValidatedChains paths;

	X509Certificate[] chain;

	Instant now;

	@Setup
	public void setUp() {
		BenchmarkPki pki = new BenchmarkPki(this.keyType);
		// One list instance: ValidatedChains takes a different list as reloaded anchors and drops its verdicts.
		List<X509Certificate> anchors = List.of(pki.root.certificate());
		this.paths = new ValidatedChains(PathSettings.DEFAULTS, () -> anchors,
				new CertificateCacheLimits(1L << 30, 4L << 20, 8 << 10));
		this.now = Instant.now();
		for (int i = 1; i < this.chains; i++) {
			// Other clients of the same CA: same key, so that the set-up stays quick with RSA.
			TestCertificate other = TestCertificate.client("CN=client-" + i + ",O=Bench Corp")
				.signedBy(pki.intermediate)
				.keyPair(pki.intermediate.keyPair())
				.build();
			X509Certificate[] otherChain = BenchmarkPki.parse(BenchmarkPki.der(List.of(other, pki.intermediate)));
			expectValid(this.paths.validate(otherChain, this.now, true));
		}
		this.chain = BenchmarkPki.parse(BenchmarkPki.der(pki.path(2, "CN=client,O=Bench Corp")));
		expectValid(this.paths.validate(this.chain, this.now, true));
		if (this.paths.size() != this.chains) {
			throw new IllegalStateException(this.paths.size() + " verdicts cached, not " + this.chains);
		}
	}

	static void expectValid(PathVerdict verdict) {
		if (!(verdict instanceof PathVerdict.Valid)) {
			throw new IllegalStateException("the benchmark chain does not validate: " + verdict);
		}
	}

	/** The warm per-request path: one cache lookup keyed by the chain, its validity interval checked. */
	@Benchmark
	public PathVerdict cachedVerdict() {
		return this.paths.validate(this.chain, this.now, true);
	}

}
