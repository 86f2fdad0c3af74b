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
 * The worst case the path-building bounds allow: a client certificate presented with a crafted pool
 * of 40 CA certificates that all carry the name of the client's issuer, each with a key of its own,
 * and the default bounds ({@code max-chain-length} 8, {@code max-candidate-paths} 16). How long one
 * refusal takes, on certificate instances never validated before (re-read from DER before every
 * invocation, outside the measured time).
 *
 * <p>Since issuers are chosen by key identifier before any candidate is validated, decoys with
 * keys of their own complete no candidate path: every shape is refused as
 * {@code certificate_untrusted} after the pool scans alone. The shapes as they were designed:
 * {@code anchored}: every decoy names the root as its issuer (signed by an impostor root of the
 * same name), so each one completed a candidate path and cost a PKIX validation;
 * {@code chained}: every decoy names the issuer's own name as its issuer, so the search descends
 * through decoys, never reaching an anchor; {@code mixed}: the two kinds alternate, so longer
 * candidates reach the anchor. Every node of the search scans the whole pool, and the search stops
 * after {@code max-candidate-paths × max-chain-length} (128) pool visits: with 40 decoys that bound
 * comes first, after 4 (anchored), 0 (chained) or 3 (mixed) candidates. {@code capped} is the
 * smallest pool found that reaches the candidate bound instead: 2 chained decoys, then 4 anchored
 * ones, which make 16 candidate paths of 2 to 4 certificates within 116 visits.
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'path.CraftedPoolBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CraftedPoolBenchmark {

	static final int DECOYS = 40;

	/** {@code ec}: P-256 throughout; {@code rsa}: RSA-2048 throughout. */
	@Param({ "ec", "rsa" })
	public String keyType;

	@Param({ "anchored", "chained", "mixed", "capped" })
	public String shape;

	private PathValidator validator;

	/** The client's certificate, then the decoys. */
	byte[][] der;

	private Instant now;

	@Setup
	public void setUp() {
		BenchmarkPki pki = new BenchmarkPki(this.keyType);
		TestCertificate leaf = pki.path(2, "CN=client,O=Bench Corp").get(0);
		TestCertificate impostorRoot = pki.keys(TestCertificate.authority(BenchmarkPki.ROOT_DN)).build();
		TestCertificate impostorIssuer = pki.keys(TestCertificate.authority(BenchmarkPki.INTERMEDIATE_DN)).build();
		List<TestCertificate> presented = new ArrayList<>();
		presented.add(leaf);
		int decoys = "capped".equals(this.shape) ? 6 : DECOYS;
		for (int i = 0; i < decoys; i++) {
			boolean anchored = switch (this.shape) {
				case "anchored" -> true;
				case "chained" -> false;
				case "mixed" -> i % 2 == 1;
				case "capped" -> i >= 2;
				default -> throw new IllegalArgumentException(this.shape);
			};
			presented.add(pki.keys(TestCertificate.authority(BenchmarkPki.INTERMEDIATE_DN)
				.signedBy(anchored ? impostorRoot : impostorIssuer)).build());
		}
		this.der = BenchmarkPki.der(presented);
		this.validator = new PathValidator(PathSettings.DEFAULTS, List.of(pki.root.certificate()));
		this.now = Instant.now();
		PathVerdict verdict = validate(BenchmarkPki.parse(this.der));
		RefusalReason expected = RefusalReason.CERTIFICATE_UNTRUSTED;
		if (!(verdict instanceof PathVerdict.Invalid invalid) || invalid.refusal().reason() != expected) {
			throw new IllegalStateException("the crafted pool is not refused with " + expected + ": " + verdict);
		}
		System.out.println("crafted pool (" + this.shape + "): " + invalid.refusal().reason().code() + ": "
				+ invalid.refusal().detail());
	}

	private PathVerdict validate(X509Certificate[] chain) {
		return this.validator.validate(chain[0], Arrays.asList(chain).subList(1, chain.length), this.now);
	}

	/** The chain as a new TLS session or a first decoding of a proxy header presents it. */
	@State(Scope.Thread)
	public static class Fresh {

		X509Certificate[] chain;

		@Setup(Level.Invocation)
		public void parse(CraftedPoolBenchmark benchmark) {
			this.chain = BenchmarkPki.parse(benchmark.der);
		}

	}

	@Benchmark
	public PathVerdict refusal(Fresh fresh) {
		return validate(fresh.chain);
	}

}
