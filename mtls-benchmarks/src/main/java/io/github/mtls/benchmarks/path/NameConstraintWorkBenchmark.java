package io.github.mtls.benchmarks.path;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.path.CertificateProfile;
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
 * The adversarial name-constraint chain of issue 20: an issuing CA with {@code subtrees} permitted
 * DNS subtrees over a leaf with as many DNS names, validated on fresh certificate instances (re-read
 * from DER before every invocation, outside the measured time). {@code 1024}: a million comparisons
 * if evaluated, refused by counting before any ({@code certificate_path_invalid}, the limit of
 * {@link CertificateProfile#MAX_NAME_CONSTRAINT_CHECKS}); {@code 64}: the largest square shape
 * within the limit (64 × (64 + 1 + 1) = 4,224 comparisons below the issuing CA, the root's
 * subtrees none), profile and PKIX run to the end and accept it.
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'path.NameConstraintWorkBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NameConstraintWorkBenchmark {

	@Param({ "1024", "64" })
	public int subtrees;

	private PathValidator validator;

	/** The leaf, then the issuing CA. */
	byte[][] der;

	private Instant now;

	@Setup
	public void setUp() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keys = generator.generateKeyPair();
		TestCertificate root = TestCertificate.authority("CN=Bench Constraint Root").keyPair(keys).build();
		TestCertificate.Builder issuing = TestCertificate.authority("CN=Bench Constrained CA").keyPair(keys);
		TestCertificate.Builder leaf = TestCertificate.client("CN=client,O=Bench Corp").keyPair(keys);
		for (int i = 0; i < this.subtrees; i++) {
			issuing.permittedDns("d" + i + ".bench.test");
			leaf.sanDns("n" + i + ".d" + i + ".bench.test");
		}
		TestCertificate client = leaf.signedBy(issuing.signedBy(root).build()).build();
		this.der = BenchmarkPki.der(client.chain().toArray(X509Certificate[]::new));
		this.validator = new PathValidator(PathSettings.DEFAULTS, List.of(root.certificate()));
		this.now = Instant.now();
		PathVerdict verdict = validate(BenchmarkPki.parse(this.der));
		boolean refused = verdict instanceof PathVerdict.Invalid invalid
				&& invalid.refusal().reason() == RefusalReason.CERTIFICATE_PATH_INVALID;
		if (refused != (this.subtrees > 64)) {
			throw new IllegalStateException(this.subtrees + " subtrees: unexpected verdict " + verdict);
		}
		System.out.println(this.subtrees + " subtrees x " + this.subtrees + " names: " + verdict);
	}

	private PathVerdict validate(X509Certificate[] chain) {
		return this.validator.validate(chain[0], Arrays.asList(chain).subList(1, chain.length), this.now);
	}

	/** The chain as a new TLS session or a first decoding of a proxy header presents it. */
	@State(Scope.Thread)
	public static class Fresh {

		X509Certificate[] chain;

		@Setup(Level.Invocation)
		public void parse(NameConstraintWorkBenchmark benchmark) {
			this.chain = BenchmarkPki.parse(benchmark.der);
		}

	}

	@Benchmark
	public PathVerdict validation(Fresh fresh) {
		return validate(fresh.chain);
	}

}
