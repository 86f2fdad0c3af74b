package io.github.mtls.benchmarks.revocation;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.Trace;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.path.CertificationPath;
import io.github.mtls.revocation.FailurePolicy;
import io.github.mtls.revocation.RevocationChecker;
import io.github.mtls.revocation.RevocationMode;
import io.github.mtls.revocation.RevocationSettings;
import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestPki;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of revocation checking on a warm cache: {@link RevocationChecker#check}
 * with {@code statuses} distinct certificates cached, accessed with a Zipf-like pattern (a few
 * clients make most requests, as in practice) or uniformly (the worst case for CPU caches).
 * Statuses come from a real signed CRL file (one in ten certificates revoked). Each certificate
 * comes as the pipeline hands it to its chain checks in direct mode: its validated path to the root
 * (the path verdict's own, cached per chain) in a new {@link ChainCheck.Context} per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.AverageTime, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx4g", "-XX:+UseParallelGC" })
public class CachedStatusBenchmark {

	@Param({ "1000", "100000", "1000000" })
	int statuses;

	@Param({ "zipf", "uniform" })
	String pattern;

	private RevocationChecker checker;

	private CertificationPath[] paths;

	private CertificateFacts facts;

	private int[] sequence;

	private int position;

	private Instant now;

	private final ClientIdentity identity = new ClientIdentity("bench", Map.of(), List.of());

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		TestPki pki = TestPki.shared();
		Instant now = Instant.now();
		Path crl = Files.createTempFile("bench", ".crl");
		crl.toFile().deleteOnExit();
		// One certificate in ten is on the CRL.
		Files.write(crl, SyntheticCrl.der(pki.root(), this.statuses / 10, now, now.plus(Duration.ofDays(7))));
		RevocationSettings defaults = RevocationSettings.defaults();
		RevocationSettings settings = new RevocationSettings(RevocationMode.CRL, false, null, null, false,
				defaults.ocspTimeout(), List.of(), List.of(crl), Duration.ofSeconds(60), defaults.crlMaxSize(),
				Duration.ofHours(1), this.statuses + 1000L, FailurePolicy.FAIL_CLOSED, Duration.ZERO, false);
		X509Certificate root = pki.root().certificate();
		this.checker = new RevocationChecker(settings, Clock.systemUTC(), () -> List.of(root));
		X500Principal issuer = root.getSubjectX500Principal();
		X500Principal subject = new X500Principal("CN=bench");
		this.paths = new CertificationPath[this.statuses];
		for (int i = 0; i < this.statuses; i++) {
			BigInteger serial = (i % 10 == 0) ? SyntheticCrl.serial(i / 10) : SyntheticCrl.absentSerial(i);
			this.paths[i] = new CertificationPath(List.of(new SyntheticCertificate(serial, issuer, subject)), root);
		}
		this.facts = CertificateFacts.of(pki.client("CN=bench").certificate());
		for (CertificationPath path : this.paths) {
			check(path, Instant.now());
		}
		this.sequence = sequence(this.statuses, this.pattern, 1 << 20);
		this.now = Instant.now();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.checker.close();
	}

	@Benchmark
	public Refusal cachedLookup() {
		int next = this.sequence[this.position++ & (this.sequence.length - 1)];
		return check(this.paths[next], this.now);
	}

	private Refusal check(CertificationPath path, Instant now) {
		return this.checker.check(new ChainCheck.Context(path, path.certificates(), this.facts, this.identity, now,
				Trace.NONE));
	}

	/** Indices in [0, n): Zipf (s = 1) by inverse transform over the cumulative weights, or uniform. */
	static int[] sequence(int n, String pattern, int length) {
		SplittableRandom random = new SplittableRandom(42);
		int[] sequence = new int[length];
		if ("uniform".equals(pattern)) {
			for (int i = 0; i < length; i++) {
				sequence[i] = random.nextInt(n);
			}
			return sequence;
		}
		double[] cumulative = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += 1.0 / (i + 1);
			cumulative[i] = sum;
		}
		// Ranks are spread over the population so that hot entries are not neighbours in memory.
		int[] rankToIndex = new int[n];
		for (int i = 0; i < n; i++) {
			rankToIndex[i] = i;
		}
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = rankToIndex[i];
			rankToIndex[i] = rankToIndex[j];
			rankToIndex[j] = swap;
		}
		for (int i = 0; i < length; i++) {
			int rank = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
			rank = (rank < 0) ? -rank - 1 : rank;
			sequence[i] = rankToIndex[Math.min(rank, n - 1)];
		}
		return sequence;
	}

}
