package io.github.mtls.sample;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.pkits.Pkits;
import io.github.mtls.test.pkits.PkitsTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NIST PKITS end to end through proxy mode: for blocks of every section 4.1 to 4.16, the sample
 * application is started as a user behind an RFC 9440 proxy would configure it (the block's anchor
 * as the client trust bundle, its CRLs as local CRL files, revocation CRL-only and fail-closed, its
 * path-validation settings, the target pinned by fingerprint, {@code mtls.trust.profile=compatible}
 * from {@code starterProperties}, as PKITS follows RFC 3280's profile), and a real HTTP request from the
 * trusted proxy's address carries the target in {@code Client-Cert} and the block's unordered pool
 * of intermediates in {@code Client-Cert-Chain}. A valid block is answered 200 as the pinned
 * identity; an invalid one 403 with the reason code named in the table, which documents what a
 * client behind the proxy is told.
 *
 * <p>Each block gets its own application: sharing one would mean sharing CRL files, and the union
 * of two blocks' CRLs can change a verdict (a CRL that one block withholds on purpose is another's
 * evidence). The whole suite of 249 blocks runs through the pipeline in the autoconfigure module's
 * {@code PkitsConformanceTests}; this test shows the same verdicts reach a client over HTTP.
 */
class PkitsThroughProxyTests {

	/** The proxy's address: loopback, so the application's own connector can be plain HTTP. */
	private static final String TRUSTED_PROXY = "127.0.0.1";

	private static final String ACCEPTED = "200 as target";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, Long> startupMillis = new ConcurrentHashMap<>();

	private static final Map<String, Long> totalMillis = new ConcurrentHashMap<>();

	private static long cpuNanosAtStart;

	@TempDir
	static Path directory;

	/**
	 * One block or more per section, valid and invalid, with the reason code an invalid block is
	 * refused with: path refusals ({@code certificate_path_invalid}, {@code certificate_untrusted},
	 * {@code certificate_expired}) and revocation refusals ({@code certificate_revoked},
	 * {@code revocation_unknown}).
	 */
	static Stream<Expectation> blocks() {
		return Stream.of(
				// 4.1 Signature verification: the intermediate CA's signature is bad.
				refused("4.1.2", "certificate_path_invalid"),
				// 4.2 Validity periods: the client certificate's notAfter is in 2011.
				refused("4.2.6", "certificate_expired"),
				// 4.3 Name chaining: the target's issuer name matches no certificate of the pool.
				refused("4.3.1", "certificate_untrusted"),
				// 4.4 Basic revocation: the target is on its CA's CRL.
				refused("4.4.3", "certificate_revoked"),
				// 4.4 Basic revocation: no CRL of the intermediate CA at all, so fail-closed refuses.
				refused("4.4.1", "revocation_unknown"),
				// 4.5 Self-issued certificates: the CA rolled its key over, the target is signed by the new key.
				accepted("4.5.3"),
				// 4.6 Basic constraints: a path of five CA certificates within every pathLenConstraint.
				accepted("4.6.13"),
				// 4.7 Key usage: the intermediate's critical keyUsage lacks keyCertSign.
				refused("4.7.1", "certificate_path_invalid"),
				// 4.8 Certificate policies: policy 2 required explicitly, the path only asserts policy 1.
				refused("4.8.1#3", "certificate_path_invalid"),
				// 4.9 Require explicit policy: requireExplicitPolicy in the path, met by every certificate.
				accepted("4.9.1"),
				// 4.10 Policy mappings: with initial policy 2 only, the mapped path is valid.
				accepted("4.10.3#2"),
				// 4.11 Inhibit policy mapping: inhibitPolicyMapping set, yet a valid policy remains.
				accepted("4.11.4"),
				// 4.12 Inhibit anyPolicy: with initial-any-policy-inhibit the anyPolicy path has no policy.
				refused("4.12.3#2", "certificate_path_invalid"),
				// 4.13 Name constraints: the target's subject is outside the CA's permitted DN subtree.
				refused("4.13.2", "certificate_path_invalid"),
				// 4.14 Distribution points: revoked on the indirect CRL of another CA (cRLIssuer).
				refused("4.14.31", "certificate_revoked"),
				// 4.15 Delta CRLs: revoked only on the delta CRL (the JDK's PKIX accepts it).
				refused("4.15.4", "certificate_revoked"),
				// 4.15 Delta CRLs: on hold in the base CRL, removed from it by the delta (the JDK refuses it).
				accepted("4.15.5"),
				// 4.16 Private extensions: an unknown non-critical extension is ignored.
				accepted("4.16.1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("blocks")
	void proxiedChainGetsTheVerdictPkitsExpects(Expectation expectation) throws Exception {
		PkitsTest block = expectation.block();
		assertThat(block.expectedValid()).as("the table agrees with the suite").isEqualTo(expectation.valid());
		assertThat(block.targetIsCa()).as("a CA target is refused by the leaf policy; not chosen here").isFalse();
		long start = System.nanoTime();
		try (ConfigurableApplicationContext application = start(block)) {
			startupMillis.put(block.id(), (System.nanoTime() - start) / 1_000_000);
			int port = ((WebServerApplicationContext) application).getWebServer().getPort();
			LoopbackClient.Response response = LoopbackClient.from(TRUSTED_PROXY).get(port, "/whoami", headers(block));
			JsonNode body = json.readTree(response.body());
			if (expectation.valid()) {
				assertThat(response.status()).as(response.body()).isEqualTo(200);
				assertThat(body.path("identity").asString()).isEqualTo("target");
			}
			else {
				assertThat(response.status()).as(response.body()).isEqualTo(403);
				assertThat(response.header("Content-Type")).startsWith("application/problem+json");
				assertThat(body.path("reason").asString()).isEqualTo(expectation.outcome());
			}
		}
		totalMillis.put(block.id(), (System.nanoTime() - start) / 1_000_000);
	}

	/** The sample application as a user behind an RFC 9440 proxy configures it for this block's PKI. */
	private static ConfigurableApplicationContext start(PkitsTest block) throws IOException {
		Path folder = Files.createDirectories(directory.resolve(block.id().replace('#', '_')));
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=" + TRUSTED_PROXY,
				// A forwarded pool of five certificates needs more than Tomcat's default 8KB of headers.
				"--server.max-http-request-header-size=32KB", "--spring.main.banner-mode=off", "--server.shutdown=immediate",
				"--mtls.proxy.enabled=true", "--mtls.proxy.header-format=rfc9440",
				"--mtls.proxy.trusted-proxies=" + TRUSTED_PROXY));
		block.starterProperties(folder).forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(SampleApplication.class).run(arguments.toArray(String[]::new));
	}

	/** {@code Client-Cert} with the target and, when the block has any, {@code Client-Cert-Chain} with its pool. */
	private static String[] headers(PkitsTest block) {
		List<String> headers = new ArrayList<>(List.of("Client-Cert", ForwardedCertificateHeaders.rfc9440(block.target())));
		if (!block.intermediates().isEmpty()) {
			headers.add("Client-Cert-Chain");
			headers.add(ForwardedCertificateHeaders.rfc9440Chain(block.intermediates()));
		}
		return headers.toArray(String[]::new);
	}

	@BeforeAll
	static void measureCpu() {
		cpuNanosAtStart = processCpuNanos();
	}

	/** Wall time depends on what else the machine runs; the process's CPU time much less so. */
	@AfterAll
	static void printTimes() {
		long total = totalMillis.values().stream().mapToLong(Long::longValue).sum();
		long startup = startupMillis.values().stream().mapToLong(Long::longValue).sum();
		long cpu = (processCpuNanos() - cpuNanosAtStart) / 1_000_000;
		System.out.println("PKITS through proxy mode: " + totalMillis.size() + " blocks, " + total + " ms in all ("
				+ startup + " ms starting the sample application), " + cpu + " ms of CPU");
	}

	private static long processCpuNanos() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() : 0;
	}

	private static Expectation accepted(String id) {
		return new Expectation(Pkits.test(id), ACCEPTED);
	}

	private static Expectation refused(String id, String reason) {
		return new Expectation(Pkits.test(id), reason);
	}

	/**
	 * A block and what the client behind the proxy gets.
	 * @param block the PKITS block
	 * @param outcome {@value #ACCEPTED}, or the reason code of the 403
	 */
	record Expectation(PkitsTest block, String outcome) {

		boolean valid() {
			return this.outcome.equals(ACCEPTED);
		}

		@Override
		public String toString() {
			return this.block + " -> " + this.outcome;
		}

	}

}
