package io.github.mtls.benchmarks.path;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.core.RefusalReason;
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
 * CA key rollover: 40 trust anchors with the root's name, each with a key of its own, and the
 * default bounds. {@code rightLast}: the client's root is the 40th anchor and its chain (leaf and
 * issuing CA) is accepted; {@code signedByNone}: the client's root is not among them and the chain
 * is refused as {@code certificate_untrusted}. Issuers are chosen by key identifier before any
 * candidate is validated, so both cost about one validation, on certificate instances never
 * validated before (re-read from DER before every invocation, outside the measured time).
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'path.SameNamedAnchorsBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SameNamedAnchorsBenchmark {

	static final int ANCHORS = 40;

	@Param({ "rightLast", "signedByNone" })
	public String shape;

	private PathValidator validator;

	/** The client's certificate, then its issuing CA. */
	byte[][] der;

	private Instant now;

	@Setup
	public void setUp() {
		BenchmarkPki pki = new BenchmarkPki("ec");
		List<TestCertificate> path = pki.path(2, "CN=client,O=Bench Corp");
		this.der = BenchmarkPki.der(path);
		List<X509Certificate> anchors = new ArrayList<>();
		for (int i = 0; i < ANCHORS - 1; i++) {
			anchors.add(TestCertificate.authority(BenchmarkPki.ROOT_DN).build().certificate());
		}
		anchors.add(("rightLast".equals(this.shape) ? pki.root
				: TestCertificate.authority(BenchmarkPki.ROOT_DN).build()).certificate());
		this.validator = new PathValidator(PathSettings.DEFAULTS, anchors);
		this.now = Instant.now();
		PathVerdict verdict = validate(BenchmarkPki.parse(this.der));
		boolean expected = "rightLast".equals(this.shape) ? verdict instanceof PathVerdict.Valid
				: verdict instanceof PathVerdict.Invalid invalid
						&& invalid.refusal().reason() == RefusalReason.CERTIFICATE_UNTRUSTED;
		if (!expected) {
			throw new IllegalStateException("unexpected verdict for " + this.shape + ": " + verdict);
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
		public void parse(SameNamedAnchorsBenchmark benchmark) {
			this.chain = BenchmarkPki.parse(benchmark.der);
		}

	}

	@Benchmark
	public PathVerdict validation(Fresh fresh) {
		return validate(fresh.chain);
	}

}
