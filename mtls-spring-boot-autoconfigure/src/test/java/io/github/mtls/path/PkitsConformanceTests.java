package io.github.mtls.path;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.github.mtls.autoconfigure.MtlsAutoConfiguration;
import io.github.mtls.autoconfigure.RevocationAutoConfiguration;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Explanation;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.test.pkits.Pkits;
import io.github.mtls.test.pkits.PkitsTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NIST PKITS, all 249 blocks, through the pipeline as an application configures it: the block's
 * anchor as the client trust bundle, its CRLs as {@code mtls.revocation.crl.files}, revocation
 * CRL-only and fail-closed with a source required, its path-validation settings as
 * {@code mtls.trust.policies.*}, and the target pinned by fingerprint. The JDK's own PKIX builder
 * validates the same table in the same run, and both scores are printed on one line.
 *
 * <p>PKITS (2011) follows RFC 3280's profile: 56 of its CA certificates carry non-critical policy
 * constraints and one non-critical basic constraints, which RFC 5280 4.2.1.11 and 4.2.1.9 made MUSTs.
 * It runs under {@code mtls.trust.profile=compatible}, which relaxes exactly those rules; what the
 * strict profile refuses of it is counted in {@code CertificateProfileTests}.
 */
class PkitsConformanceTests {

	private static final Map<String, Boolean> passed = new ConcurrentHashMap<>();

	@TempDir
	static Path directory;

	static Stream<PkitsTest> blocks() {
		return Pkits.tests().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("blocks")
	void pipelineDecidesAsPkitsExpects(PkitsTest block) throws Exception {
		Path dir = Files.createDirectories(directory.resolve(block.id().replace('#', '_')));
		runner(block, dir).run((context) -> {
			assertThat(context).hasNotFailed();
			AuthenticationPipeline pipeline = context.getBean(AuthenticationPipeline.class);
			Decision decision = pipeline.authenticate(block.chain(), CertificateOrigin.DIRECT);
			passed.put(block.id(), false);
			if (block.expectedValid() && !block.targetIsCa()) {
				assertThat(decision).as(describe(decision)).isInstanceOf(Decision.Accepted.class);
				assertThat(decision.identity().name()).isEqualTo("target");
			}
			else if (block.expectedValid()) {
				// A valid path to a CA certificate: the path passes, the leaf policy refuses a CA as a client.
				Explanation explanation = pipeline.explain(block.chain(), pipeline.clock().instant());
				assertThat(explanation.path()).as(describe(decision)).isInstanceOf(PathVerdict.Valid.class);
				assertThat(decision).isInstanceOf(Decision.Refused.class);
				assertThat(((Decision.Refused) decision).reason()).isEqualTo(RefusalReason.CERTIFICATE_POLICY);
			}
			else {
				assertThat(decision).as("a false accept").isInstanceOf(Decision.Refused.class);
				assertThat(((Decision.Refused) decision).reason().stage()).as(describe(decision))
					.isIn(RefusalReason.Stage.PATH, RefusalReason.Stage.REVOCATION);
			}
			passed.put(block.id(), true);
		});
	}

	@ParameterizedTest(name = "{0} is refused with {1}")
	@CsvSource({ "4.2.1, certificate_path_invalid", "4.2.2, certificate_not_yet_valid", "4.2.5, certificate_path_invalid",
			"4.2.6, certificate_expired", "4.2.7, certificate_expired", "4.3.1, certificate_untrusted",
			"4.4.1, revocation_unknown", "4.4.3, certificate_revoked", "4.13.2, certificate_path_invalid",
			"4.14.31, certificate_revoked", "4.15.4, certificate_revoked", "4.6.8, certificate_policy" })
	void refusalNamesTheRuleThatFails(String id, String reason) throws Exception {
		PkitsTest block = Pkits.test(id);
		runner(block, Files.createDirectories(directory.resolve("reason-" + id))).run((context) -> {
			Decision decision = context.getBean(AuthenticationPipeline.class)
				.authenticate(block.chain(), CertificateOrigin.DIRECT);
			assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class,
					(refused) -> assertThat(refused.reason().code()).as(describe(decision)).isEqualTo(reason));
		});
	}

	private static ApplicationContextRunner runner(PkitsTest block, Path dir) {
		List<String> properties = new ArrayList<>();
		block.starterProperties(dir).forEach((name, value) -> properties.add(name + "=" + value));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					RevocationAutoConfiguration.class))
			.withBean(Clock.class, Clock::systemUTC)
			.withPropertyValues("mtls.trust.profile=compatible")
			.withPropertyValues(properties.toArray(String[]::new));
	}

	private static String describe(Decision decision) {
		return (decision instanceof Decision.Refused refused)
				? refused.reason().code() + ": " + refused.refusal().detail() : "accepted";
	}

	@AfterAll
	static void printScores() {
		if (passed.size() < Pkits.tests().size()) {
			return;
		}
		Map<String, int[]> sections = new TreeMap<>();
		List<String> failing = new ArrayList<>();
		for (PkitsTest block : Pkits.tests()) {
			int[] score = sections.computeIfAbsent(block.section(), (section) -> new int[2]);
			score[1]++;
			if (passed.getOrDefault(block.id(), false)) {
				score[0]++;
			}
			else {
				failing.add(block.id());
			}
		}
		int total = sections.values().stream().mapToInt((score) -> score[0]).sum();
		JdkPkitsBaseline.Score jdk = new JdkPkitsBaseline(Clock.systemUTC()).score(Pkits.tests());
		System.out.println("PKITS: mtls-spring-boot-starter " + total + "/" + Pkits.tests().size()
				+ (failing.isEmpty() ? "" : " (failing: " + String.join(", ", failing) + ")") + "; JDK PKIX " + jdk);
	}

}
