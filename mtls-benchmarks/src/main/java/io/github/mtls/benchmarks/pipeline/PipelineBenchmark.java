package io.github.mtls.benchmarks.pipeline;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.policy.CertificatePolicy;
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
 * This starter's per-request decision on a kept-alive connection: certificate facts from the cache,
 * policy at the request time, identity lookup, chain checks. Same {@code X509Certificate[]} on every
 * invocation, as Tomcat hands it to every request of one TLS session.
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

	private X509Certificate[] chain;

	private AuthenticationPipeline pipeline;

	@Setup(Level.Trial)
	public void setUp() throws CertificateParsingException {
		BenchmarkCertificates.productionLogging();
		this.chain = BenchmarkCertificates.chain("ec");
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
		this.pipeline = new AuthenticationPipeline(new CertificateFactsCache(10_000), new CertificatePolicy(), index,
				List.of(), List.of(), Clock.systemUTC());
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
	}

	/** The warm per-request path. */
	@Benchmark
	public Decision authenticate() {
		return this.pipeline.authenticate(this.chain, CertificateOrigin.DIRECT);
	}

}
