package io.github.mtls.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.policy.ClientTrust;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.proxy.ForwardedChain;
import io.github.mtls.proxy.ForwardedHeaders;
import io.github.mtls.proxy.HeaderFormat;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Proxy mode's per-request cost: a kept-alive client resending the same nginx header (cache hit:
 * one lookup keyed by the header value) against a first sight of the header (decode, parse, PKIX
 * path building and signature verification).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForwardedCertificatesBenchmark {

	private ClientTrust trust;

	private ForwardedCertificates warm;

	private ForwardedHeaders headers;

	private Instant now;

	@Setup
	public void setUp() {
		TestPki pki = TestPki.shared();
		TestCertificate client = pki.client("CN=orders,O=Acme");
		this.trust = new ClientTrust("benchmark", List.of(pki.root().certificate()));
		// A new String per request, as the servlet container creates one.
		this.headers = ForwardedHeaders.of(new String(ForwardedCertificateHeaders.nginx(client)));
		this.warm = new ForwardedCertificates(HeaderFormat.NGINX, this.trust, 5, 32 * 1024, 1000);
		this.now = Instant.now();
		this.warm.resolve(this.headers, this.now);
	}

	@Benchmark
	public ForwardedChain keptAliveClient() {
		return this.warm.resolve(ForwardedHeaders.of(new String(this.headers.certificate().get(0))), this.now);
	}

	@Benchmark
	public ForwardedChain firstSightOfTheHeader() {
		return new ForwardedCertificates(HeaderFormat.NGINX, this.trust, 5, 32 * 1024, 10).resolve(this.headers,
				this.now);
	}

}
