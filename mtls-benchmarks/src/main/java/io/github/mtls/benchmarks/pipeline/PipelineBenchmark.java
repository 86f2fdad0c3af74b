package io.github.mtls.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Decision;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.revocation.FailurePolicy;
import io.github.mtls.revocation.RevocationChecker;
import io.github.mtls.revocation.RevocationMode;
import io.github.mtls.revocation.RevocationSettings;
import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestCertificate;
import org.jspecify.annotations.Nullable;
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
 * This starter's per-request decision on a kept-alive connection: certificate facts from the cache,
 * the chain's cached path verdict (RFC 5280 path validation against the benchmark PKI's root, as the
 * application runs it with its trust anchors known), policy at the request time, identity lookup,
 * then the cached revocation check. Same {@code X509Certificate[]} on every invocation, as Tomcat
 * hands it to every request of one TLS session.
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'pipeline.PipelineBenchmark' -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {

	/** Number of pinned identities. */
	@Param({ "10", "1000", "10000" })
	public int identities;

	/** The selector every identity uses. */
	@Param({ "SUBJECT_DN", "SAN_URI", "FINGERPRINT_SHA256", "SPKI_SHA256" })
	public SelectorKind selector;

	/**
	 * {@code cached}: the revocation checker runs as the pipeline's chain check, its status for the
	 * client already cached (from a signed CRL of 1,000 entries, as after the first request);
	 * {@code off}: no chain check.
	 */
	@Param({ "cached", "off" })
	public String revocation;

	/**
	 * {@code validated}: the pipeline validates the chain's path against the root (a
	 * {@link ValidatedChains} of the default size, its verdict for the chain cached after the first
	 * request), as the application does whenever it knows its trust anchors; {@code off}: no
	 * {@code ValidatedChains}, the TLS handshake's validation alone (as before path validation).
	 */
	@Param({ "validated" })
	public String path;

	private X509Certificate[] chain;

	private AuthenticationPipeline pipeline;

	private @Nullable RevocationChecker checker;

	@Setup(Level.Trial)
	public void setUp() throws IOException, CertificateParsingException {
		BenchmarkCertificates.productionLogging();
		BenchmarkCertificates.Issued issued = BenchmarkCertificates.pki("ec");
		this.chain = issued.chain();
		List<ChainCheck> checks = new ArrayList<>();
		if ("cached".equals(this.revocation)) {
			this.checker = revocationChecker(issued.root());
			checks.add(this.checker);
		}
		CertificateFacts client = CertificateFacts.of(this.chain[0]);
		String value = switch (this.selector) {
			case SUBJECT_DN -> client.subjectName();
			case SAN_URI -> BenchmarkCertificates.CLIENT_URI;
			case FINGERPRINT_SHA256 -> client.sha256();
			case SPKI_SHA256 -> client.spkiSha256();
			default -> throw new IllegalArgumentException(this.selector.name());
		};
		IdentityIndex index = new IdentityIndex(
				BenchmarkCertificates.identities(this.identities, this.selector, value));
		// One list instance: ValidatedChains takes a different list as reloaded anchors and drops its verdicts.
		List<X509Certificate> anchors = List.of(issued.root().certificate());
		ValidatedChains paths = "validated".equals(this.path)
				? new ValidatedChains(PathSettings.DEFAULTS, () -> anchors, CertificateCacheLimits.DEFAULTS) : null;
		this.pipeline = new AuthenticationPipeline(new CertificateFactsCache(CertificateCacheLimits.DEFAULTS), new CertificatePolicy(), index,
				paths, checks, List.of(), Clock.systemUTC());
		Decision decision = authenticate();
		if (!(decision instanceof Decision.Accepted accepted) || !accepted.identity().name().equals("client")) {
			throw new IllegalStateException("benchmark set-up does not authenticate the client: " + decision);
		}
		RenderCountingCertificate counting = new RenderCountingCertificate(this.chain[0]);
		X509Certificate[] countingChain = { counting, this.chain[1] };
		for (int i = 0; i < 1000; i++) {
			this.pipeline.authenticate(countingChain, CertificateOrigin.DIRECT);
		}
		System.out.println("starter pipeline: certificate rendered to a string " + counting.renderings()
				+ " times in 1,000 requests");
		if (counting.renderings() != 0) {
			throw new IllegalStateException("the pipeline renders the certificate to a string");
		}
		if (this.checker != null && this.checker.statusCache().estimatedSize() != 1) {
			throw new IllegalStateException("the client's revocation status is not cached");
		}
		if (paths != null && paths.size() != 1) {
			throw new IllegalStateException("the chain's path verdict is not cached: " + paths.size());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.checker != null) {
			this.checker.close();
		}
	}

	/** Revocation from a local CRL of the root (the client is not on it), statuses kept an hour. */
	private static RevocationChecker revocationChecker(TestCertificate root) throws IOException {
		Path crl = Files.createTempFile("pipeline", ".crl");
		crl.toFile().deleteOnExit();
		Instant now = Instant.now();
		Files.write(crl, SyntheticCrl.der(root, 1000, now, now.plus(Duration.ofDays(7))));
		RevocationSettings defaults = RevocationSettings.defaults();
		RevocationSettings settings = new RevocationSettings(RevocationMode.CRL, true, null, null, false,
				defaults.ocspTimeout(), List.of(), List.of(crl), defaults.crlTimeout(), defaults.crlMaxSize(),
				Duration.ofHours(1), defaults.cacheMaxSize(), FailurePolicy.FAIL_CLOSED, Duration.ZERO, false);
		X509Certificate anchor = root.certificate();
		return new RevocationChecker(settings, Clock.systemUTC(), () -> List.of(anchor));
	}

	/** The warm per-request path. */
	@Benchmark
	public Decision authenticate() {
		return this.pipeline.authenticate(this.chain, CertificateOrigin.DIRECT);
	}

}
