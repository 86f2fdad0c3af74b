package io.github.mtls.benchmarks;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.proxy.ForwardedChain;
import io.github.mtls.proxy.ForwardedHeaders;
import io.github.mtls.proxy.HeaderFormat;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Proxy mode's per-request cost before the pipeline's identity work: a kept-alive client resending
 * the same nginx header (cache hit: one lookup keyed by the header value), against a first sight of
 * the header, which costs the decoding here ({@link #firstSightOfTheHeader}) plus the pipeline's cold
 * path validation of the decoded chain ({@link #firstSightPathValidation}). A kept-alive client's
 * chain then gets its cached path verdict (see {@code path.CachedVerdictBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForwardedCertificatesBenchmark {

	private ForwardedCertificates warm;

	private ForwardedHeaders headers;

	private ValidatedChains paths;

	private byte[] leaf;

	private Instant now;

	@Setup
	public void setUp() throws GeneralSecurityException {
		TestPki pki = TestPki.shared();
		TestCertificate client = pki.client("CN=orders,O=Acme");
		// One list instance: ValidatedChains takes a different list as reloaded anchors and drops its verdicts.
		List<X509Certificate> anchors = List.of(pki.root().certificate());
		// A new String per request, as the servlet container creates one.
		this.headers = ForwardedHeaders.of(new String(ForwardedCertificateHeaders.nginx(client)));
		this.warm = new ForwardedCertificates(HeaderFormat.NGINX, true, 5, 32 * 1024, CertificateCacheLimits.DEFAULTS);
		this.paths = new ValidatedChains(PathSettings.DEFAULTS, () -> anchors, CertificateCacheLimits.DEFAULTS);
		this.leaf = client.certificate().getEncoded();
		this.now = Instant.now();
		if (!(this.warm.resolve(this.headers) instanceof ForwardedChain.Present present)
				|| !(this.paths.validate(present.chain(), this.now, false) instanceof PathVerdict.Valid)) {
			throw new IllegalStateException("the forwarded chain does not validate");
		}
	}

	@Benchmark
	public ForwardedChain keptAliveClient() {
		return this.warm.resolve(ForwardedHeaders.of(new String(this.headers.certificate().get(0))));
	}

	/** Decoding a header value never seen before (bounded, escaped PEM, parsed to certificates). */
	@Benchmark
	public ForwardedChain firstSightOfTheHeader() {
		return new ForwardedCertificates(HeaderFormat.NGINX, true, 5, 32 * 1024, CertificateCacheLimits.DEFAULTS).resolve(this.headers);
	}

	/** Certificate instances as a first decoding makes them. */
	@State(Scope.Thread)
	public static class Decoded {

		X509Certificate[] chain;

		@Setup(Level.Invocation)
		public void decode(ForwardedCertificatesBenchmark benchmark) throws GeneralSecurityException {
			this.chain = new X509Certificate[] { (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(benchmark.leaf)) };
		}

	}

	/**
	 * What the pipeline adds on a first sight: path validation of the decoded chain (a miss in
	 * {@link ValidatedChains}: build, signatures, RFC 5280 checks), on new certificate instances as
	 * the decoding makes them.
	 */
	@Benchmark
	public PathVerdict firstSightPathValidation(Decoded decoded) {
		return this.paths.validate(decoded.chain, this.now, false);
	}

}
