package io.github.mtls.benchmarks;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.actuate.AuthenticationMetrics;
import io.github.mtls.actuate.ClientActivity;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The warm-path cost of the Actuator observers ({@link ClientActivity} and
 * {@link AuthenticationMetrics}): the same pipeline with and without them, for a pinned identity
 * presenting the same certificate again, and for an unpinned certificate. Both pipelines validate
 * the chain's path against the test root (verdict cached per chain), as the application does. Run with
 * {@code -prof gc} to see that the observers allocate nothing per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionObserversBenchmark {

	private AuthenticationPipeline bare;

	private AuthenticationPipeline observed;

	private X509Certificate[] pinned;

	private X509Certificate[] unpinned;

	@Setup
	public void setUp() {
		TestPki pki = TestPki.shared();
		TestCertificate orders = pki.client("CN=orders,O=Acme");
		this.pinned = orders.chain().toArray(X509Certificate[]::new);
		this.unpinned = pki.client("CN=stranger,O=Acme").chain().toArray(X509Certificate[]::new);
		IdentityIndex identities = new IdentityIndex(List.of(new ClientIdentity("orders",
				Map.of(SelectorKind.SUBJECT_DN, Set.of(SelectorKind.SUBJECT_DN.canonicalize(orders.subjectDn()))),
				List.of())));
		// One list instance: ValidatedChains takes a different list as reloaded anchors and drops its verdicts.
		List<X509Certificate> anchors = List.of(pki.root().certificate());
		this.bare = new AuthenticationPipeline(new CertificateFactsCache(CertificateCacheLimits.DEFAULTS), new CertificatePolicy(), identities,
				new ValidatedChains(PathSettings.DEFAULTS, () -> anchors, CertificateCacheLimits.DEFAULTS), List.of(), List.of(),
				Clock.systemUTC());
		AuthenticationMetrics metrics = new AuthenticationMetrics(identities);
		metrics.bindTo(new SimpleMeterRegistry());
		this.observed = new AuthenticationPipeline(new CertificateFactsCache(CertificateCacheLimits.DEFAULTS), new CertificatePolicy(),
				identities, new ValidatedChains(PathSettings.DEFAULTS, () -> anchors, CertificateCacheLimits.DEFAULTS), List.of(),
				List.of(new ClientActivity(identities, Clock.systemUTC(), 10), metrics), Clock.systemUTC());
	}

	@Benchmark
	public Decision pinnedWithoutObservers() {
		return this.bare.authenticate(this.pinned, CertificateOrigin.DIRECT);
	}

	@Benchmark
	public Decision pinnedWithObservers() {
		return this.observed.authenticate(this.pinned, CertificateOrigin.DIRECT);
	}

	@Benchmark
	public Decision unpinnedWithoutObservers() {
		return this.bare.authenticate(this.unpinned, CertificateOrigin.DIRECT);
	}

	@Benchmark
	public Decision unpinnedWithObservers() {
		return this.observed.authenticate(this.unpinned, CertificateOrigin.DIRECT);
	}

}
