package io.github.mtls.benchmarks.path;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.path.PathSettings;
import io.github.mtls.path.PathValidator;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.test.TestCertificate;
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
 * A chain seen for the first time: {@link PathValidator#validate} (what a miss in the verdict
 * cache runs) on certificate instances never validated before, re-read from DER before every
 * invocation, outside the measured time. Ten warm-up iterations: with a millisecond per operation
 * before the JIT has compiled the validator, three seconds are not enough. The path holds {@code length} certificates below the root
 * (2: client and issuing CA; 3: client, client CA, issuing CA). The pool is either exactly the path's
 * CA certificates in order, or an unordered pool of 5 holding extras: CA certificates that are not
 * on the path (three for a path of 2, two for a path of 3) and the root first, then the path's CAs
 * from the top down (a name-by-name search meets every extra before the issuer it needs).
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'path.ColdPathBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColdPathBenchmark {

	/** {@code ec}: P-256 throughout; {@code rsa}: RSA-2048 throughout. */
	@Param({ "ec", "rsa" })
	public String keyType;

	/** Certificates on the path below the root, the client's included. */
	@Param({ "2", "3" })
	public int length;

	/** {@code ordered}: the path's CAs, in order; {@code unordered5}: a pool of 5 with extras, see above. */
	@Param({ "ordered", "unordered5" })
	public String pool;

	private PathValidator validator;

	/** Leaf first, then the pool. */
	byte[][] der;

	private Instant now;

	@Setup
	public void setUp() {
		BenchmarkPki pki = new BenchmarkPki(this.keyType);
		List<TestCertificate> path = pki.path(this.length, "CN=client,O=Bench Corp");
		List<TestCertificate> presented = new ArrayList<>();
		presented.add(path.get(0));
		if ("unordered5".equals(this.pool)) {
			presented.add(pki.keys(TestCertificate.authority("CN=Partner Issuing CA,O=Partner")).build());
			presented.add(pki.keys(TestCertificate.authority("CN=Bench Server CA,O=Bench Corp").signedBy(pki.root))
				.build());
			presented.add(pki.root);
			for (int i = path.size() - 1; i > 0; i--) {
				presented.add(path.get(i));
			}
			if (presented.size() == 5) {
				presented.add(1, pki.keys(TestCertificate.authority("CN=Legacy CA,O=Bench Corp")).build());
			}
			if (presented.size() != 6) {
				throw new IllegalStateException("a pool of " + (presented.size() - 1) + ", not 5");
			}
		}
		else if (!"ordered".equals(this.pool)) {
			throw new IllegalArgumentException(this.pool);
		}
		else {
			presented.addAll(path.subList(1, path.size()));
		}
		this.der = BenchmarkPki.der(presented);
		this.validator = new PathValidator(PathSettings.DEFAULTS, List.of(pki.root.certificate()));
		this.now = Instant.now();
		PathVerdict verdict = validate(BenchmarkPki.parse(this.der));
		if (!(verdict instanceof PathVerdict.Valid valid) || valid.path().certificates().size() != this.length) {
			throw new IllegalStateException("the benchmark chain does not validate as a path of " + this.length
					+ ": " + verdict);
		}
	}

	private PathVerdict validate(X509Certificate[] chain) {
		return this.validator.validate(chain[0], Arrays.asList(chain).subList(1, chain.length), this.now);
	}

	/** The chain as a new TLS session or a first decoding of a proxy header presents it. */
	@State(Scope.Thread)
	public static class Fresh {

		X509Certificate[] chain;

		@Setup(Level.Invocation)
		public void parse(ColdPathBenchmark benchmark) {
			this.chain = BenchmarkPki.parse(benchmark.der);
		}

	}

	@Benchmark
	public PathVerdict coldValidation(Fresh fresh) {
		return validate(fresh.chain);
	}

}
