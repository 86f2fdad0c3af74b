package io.github.mtls.path;

import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.mtls.TestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.TestCertificate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the certificate profile in proxy mode: a real HTTP request from the trusted
 * proxy's loopback address forwards the chain that breaks the rule ({@link
 * CertificateProfileTests#breaches()}) as RFC 9440 {@code Client-Cert} and {@code Client-Cert-Chain};
 * nobody else looked at it, so the starter's profile is the only judge.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CertificateProfileProxyModeEndToEndTests {

	static final String TRUSTED_PROXY = "127.0.0.1";

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("server.address", () -> TRUSTED_PROXY);
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate",
				CertificateProfileTests.root::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "rfc9440");
		registry.add("mtls.proxy.trusted-proxies", () -> TRUSTED_PROXY);
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.github.mtls.path.CertificateProfileTests#breachesThePipelineReaches")
	void strictProfileRefusesTheForwardedChainNamingTheRule(String name, ProfileRule rule, String subject,
			Supplier<TestCertificate> leaf, CapturedOutput log) {
		LoopbackClient.Response response = forward(leaf.get());
		ProfileAnswers.assertAnswered(ProfileMode.STRICT, rule, subject, response.status(), response.body(), log);
	}

	/**
	 * Duplicate extensions (RFC 5280 4.2), extensions outside v3 (4.1.2.1) and a non-critical SAN
	 * under an empty subject (4.2.1.6): the JDK's parser refuses them, so they never reach the
	 * profile; the forwarded header is refused as malformed, under either profile.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("encodingsNoParserAccepts")
	void forwardedEncodingTheJdkCannotParseIsRefusedAsMalformed(String name, TestCertificate.Builder leaf) {
		LoopbackClient.Response response = LoopbackClient.from(TRUSTED_PROXY).get(this.port, "/whoami",
				"Client-Cert", ForwardedCertificateHeaders.rfc9440(leaf.signedBy(CertificateProfileTests.root).encoded()));
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"reason\":\"malformed_certificate_header\"").doesNotContain("Exception");
	}

	static Stream<Arguments> encodingsNoParserAccepts() {
		return Stream.of(Arguments.of("a version 2 certificate with extensions",
				CertificateProfileTests.client().versionWithExtensions(2)),
				Arguments.of("a duplicate extension", CertificateProfileTests.client()
					.duplicateExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage)),
				Arguments.of("an empty subject with a non-critical SAN",
						TestCertificate.client("").sanDns("orders.acme.test")));
	}

	LoopbackClient.Response forward(TestCertificate client) {
		return LoopbackClient.from(TRUSTED_PROXY).get(this.port, "/whoami", "Client-Cert",
				ForwardedCertificateHeaders.rfc9440(client), "Client-Cert-Chain",
				ForwardedCertificateHeaders.rfc9440Chain(client));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.github.mtls.path.CertificateProfileTests#leafSansTheJdkCannotRead")
	void leafSanTheJdkCannotReadIsRefusedBeforeTheProfile(String name, ProfileRule rule, String subject,
			Supplier<TestCertificate> leaf, CapturedOutput log) {
		LoopbackClient.Response response = forward(leaf.get());
		ProfileAnswers.assertUnreadableLeafSan(response.status(), response.body(), log);
	}

	@Nested
	@TestPropertySource(properties = "mtls.trust.profile=compatible")
	class UnderCompatible {

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.github.mtls.path.CertificateProfileTests#breachesThePipelineReaches")
		void compatibleProfileServesExactlyTheRelaxableForwardedBreaches(String name, ProfileRule rule,
				String subject, Supplier<TestCertificate> leaf, CapturedOutput log) {
			LoopbackClient.Response response = forward(leaf.get());
			ProfileAnswers.assertAnswered(ProfileMode.COMPATIBLE, rule, subject, response.status(), response.body(),
					log);
		}

	}

}
