package io.github.mtls.path;

import java.net.http.HttpResponse;
import java.util.function.Supplier;

import io.github.mtls.TestApplication;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every rule of the certificate profile in direct mode, over real TLS handshakes on a random
 * loopback port: the client presents a chain that breaks the rule (made in the test,
 * {@link CertificateProfileTests#breaches()}), the server trusts the chain's root and pins the
 * client's subject. {@code mtls.handshake.defer-refusals=true} leaves the judgement to the starter,
 * so a chain the JDK's handshake would let through and one it would refuse reach the same pipeline.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mtls.handshake.defer-refusals=true")
@ExtendWith(OutputCaptureExtension.class)
class CertificateProfileDirectModeEndToEndTests {

	static final TestPki pki = TestPki.shared();

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties(CertificateProfileTests.root).forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.github.mtls.path.CertificateProfileTests#breachesThePipelineReaches")
	void strictProfileRefusesTheChainNamingTheRule(String name, ProfileRule rule, String subject,
			Supplier<TestCertificate> leaf, CapturedOutput log) {
		HttpResponse<String> response = whoami(leaf.get());
		ProfileAnswers.assertAnswered(ProfileMode.STRICT, rule, subject, response.statusCode(), response.body(), log);
	}

	HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, "https://localhost:" + this.port + "/whoami");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.github.mtls.path.CertificateProfileTests#leafSansTheJdkCannotRead")
	void leafSanTheJdkCannotReadIsRefusedBeforeTheProfile(String name, ProfileRule rule, String subject,
			Supplier<TestCertificate> leaf, CapturedOutput log) {
		HttpResponse<String> response = whoami(leaf.get());
		ProfileAnswers.assertUnreadableLeafSan(response.statusCode(), response.body(), log);
	}

	@Nested
	@TestPropertySource(properties = "mtls.trust.profile=compatible")
	class UnderCompatible {

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.github.mtls.path.CertificateProfileTests#breachesThePipelineReaches")
		void compatibleProfileServesExactlyTheRelaxableBreaches(String name, ProfileRule rule, String subject,
				Supplier<TestCertificate> leaf, CapturedOutput log) {
			HttpResponse<String> response = whoami(leaf.get());
			ProfileAnswers.assertAnswered(ProfileMode.COMPATIBLE, rule, subject, response.statusCode(), response.body(),
					log);
		}

	}

}
