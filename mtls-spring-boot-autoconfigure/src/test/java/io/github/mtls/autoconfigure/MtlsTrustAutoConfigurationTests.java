package io.github.mtls.autoconfigure;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.audit.ClientAuthNotRequestedException;
import io.github.mtls.audit.DevelopmentPkiAudit;
import io.github.mtls.audit.DevelopmentPkiInProductionException;
import io.github.mtls.audit.NoPinnedIdentitiesException;
import io.github.mtls.audit.PublicCaTrustedException;
import io.github.mtls.audit.StartupAudits;
import io.github.mtls.audit.UnusableCertificateException;
import io.github.mtls.policy.AnchorPinning;
import io.github.mtls.policy.CertificateStatus;
import io.github.mtls.policy.UnpinnedTrustAnchorException;
import io.github.mtls.test.JdkCacerts;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import io.github.mtls.audit.NonConformingAnchorException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every startup audit, failing and allowed, in milliseconds and without a server: the set-up is a
 * server certificate, a client trust store and one pinned identity, each varied in turn.
 */
@ExtendWith(OutputCaptureExtension.class)
class MtlsTrustAutoConfigurationTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate longLivedRoot = TestCertificate.authority("CN=Audit Root CA,O=Acme")
		.validFor(Duration.ofDays(3650))
		.build();

	static final TestCertificate server = TestCertificate.server("localhost")
		.validFor(Duration.ofDays(365))
		.signedBy(longLivedRoot)
		.build();

	static final TestCertificate nonProdRoot = TestCertificate.authority("CN=Non-prod Root CA,O=Acme")
		.validFor(Duration.ofDays(3650))
		.build();

	static final TestCertificate developmentRoot = TestCertificate.authority(DevelopmentPkiAudit.DEVELOPMENT_ROOT_DN)
		.validFor(Duration.ofDays(3650))
		.build();

	final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
				MtlsWebSecurityAutoConfiguration.class, MtlsTrustAutoConfiguration.class))
		.withUserConfiguration(ServerAndSecurity.class);

	@Test
	void safeSetUpStartsAndIsAudited(CapturedOutput output) {
		setUp(server, pem(longLivedRoot)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(StartupAudits.class).doesNotHaveBean(AnchorPinning.class);
			assertThat(output).doesNotContain("WARN");
		});
	}

	@Test
	void reportListsAnchorsIdentitiesRevocationAndMode(CapturedOutput output) {
		setUp(server, pem(longLivedRoot), "mtls.identities.orders.authorities=ORDERS_READ").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("mTLS trust set-up (mtls.audit.report)",
					"mode:        direct, server.ssl.client-auth=need", "1 anchor(s) from server.ssl, not pinned",
					"\"CN=Audit Root CA,O=Acme\" sha256=" + longLivedRoot.sha256() + " notAfter="
							+ longLivedRoot.certificate().getNotAfter().toInstant(),
					"- orders: subject-dn=[cn=orders,o=acme] authorities=[ORDERS_READ]", "revocation:  off",
					"validation:  path max-chain-length=8, max-candidate-paths=16, policies.initial=[2.5.29.32.0], "
							+ "require-explicit=false, inhibit-mapping=false, inhibit-any=false, profile=strict; leaf ");
		});
	}

	@Test
	void reportCanBeSwitchedOff(CapturedOutput output) {
		setUp(server, pem(longLivedRoot), "mtls.audit.report=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("mTLS trust set-up");
		});
	}

	@Test
	void publicRootFromTheJdkCacertsAsTrustAnchorFailsStartup() {
		X509Certificate publicRoot = JdkCacerts.root();
		setUp(server, pem(longLivedRoot) + JdkCacerts.rootPem()).run((context) -> {
			assertThat(context).hasFailed();
			PublicCaTrustedException failure = failure(context, PublicCaTrustedException.class);
			assertThat(failure.getSubject()).isEqualTo(publicRoot.getSubjectX500Principal().getName());
			assertThat(failure.getMessage()).contains(failure.getSha256(), "mtls.trust.allow-public-ca");
			assertThat(analysis(new PublicCaTrustedFailureAnalyzer(), context).getDescription())
				.contains(failure.getSubject(), failure.getSha256());
		});
	}

	@Test
	void publicRootIsAllowedWithAllowPublicCa(CapturedOutput output) {
		X509Certificate publicRoot = JdkCacerts.root();
		setUp(server, pem(longLivedRoot) + JdkCacerts.rootPem(), "mtls.trust.allow-public-ca=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("public CA \"" + publicRoot.getSubjectX500Principal().getName() + "\"",
					"allowed by mtls.trust.allow-public-ca");
		});
	}

	@Test
	void clientAuthNoneInDirectModeFailsStartup() {
		setUp(server, pem(longLivedRoot), "server.ssl.client-auth=none").run((context) -> {
			failure(context, ClientAuthNotRequestedException.class);
			assertThat(analysis(new ClientAuthNotRequestedFailureAnalyzer(), context).getAction())
				.contains("server.ssl.client-auth", "need", "mtls.proxy.enabled");
		});
	}

	@Test
	void clientAuthNoneIsAllowedInProxyMode() {
		setUp(server, pem(longLivedRoot), "server.ssl.client-auth=none", "mtls.proxy.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void clientAuthWantIsAllowed() {
		setUp(server, pem(longLivedRoot), "server.ssl.client-auth=want")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void serverWithoutTlsInDirectModeIsWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders,O=Acme").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("server.ssl is not enabled",
					"every request will be refused with no_client_certificate");
		});
	}

	@Test
	void auditsAreOffWhenTheStarterIsSwitchedOff() {
		setUp(server, pem(longLivedRoot), "server.ssl.client-auth=none", "mtls.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(StartupAudits.class));
	}

	@Test
	void noPinnedIdentityFailsStartup() {
		setUpWithoutIdentities(server, pem(longLivedRoot)).run((context) -> {
			failure(context, NoPinnedIdentitiesException.class);
			assertThat(analysis(new NoPinnedIdentitiesFailureAnalyzer(), context).getAction())
				.contains("mtls.allow-empty");
		});
	}

	@Test
	void noPinnedIdentityIsAllowedWithAllowEmpty(CapturedOutput output) {
		setUpWithoutIdentities(server, pem(longLivedRoot), "mtls.allow-empty=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("pins no identity (allowed by mtls.allow-empty)");
			});
	}

	@Test
	void expiredTrustAnchorFailsStartup() {
		TestCertificate expired = TestCertificate.authority("CN=Expired CA").expired().build();
		setUp(server, pem(longLivedRoot) + pem(expired)).run((context) -> {
			UnusableCertificateException failure = failure(context, UnusableCertificateException.class);
			assertThat(failure.getStatus()).isEqualTo(CertificateStatus.EXPIRED);
			assertThat(failure.getMessage()).contains("trust anchor \"CN=Expired CA\"", expired.sha256());
			assertThat(analysis(new UnusableCertificateFailureAnalyzer(), context).getDescription())
				.contains("CN=Expired CA", expired.sha256());
		});
	}

	@Test
	void expiredTrustAnchorIsAllowedWithAllowExpiredCertificates(CapturedOutput output) {
		TestCertificate expired = TestCertificate.authority("CN=Expired CA").expired().build();
		setUp(server, pem(longLivedRoot) + pem(expired), "mtls.audit.allow-expired-certificates=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("ERROR", "trust anchor \"CN=Expired CA\" (sha256 " + expired.sha256(),
						"allowed by mtls.audit.allow-expired-certificates");
			});
	}

	@Test
	void notYetValidServerCertificateFailsStartup() {
		TestCertificate early = TestCertificate.server("localhost").notYetValid().signedBy(longLivedRoot).build();
		setUp(early, pem(longLivedRoot)).run((context) -> {
			UnusableCertificateException failure = failure(context, UnusableCertificateException.class);
			assertThat(failure.getStatus()).isEqualTo(CertificateStatus.NOT_YET_VALID);
			assertThat(failure.getMessage()).contains("server certificate \"CN=localhost\"", early.sha256());
		});
	}

	@Test
	void certificatesExpiringWithinTheWarningThresholdAreWarnedAbout(CapturedOutput output) {
		TestCertificate soon = TestCertificate.authority("CN=Soon Expiring CA").validFor(Duration.ofDays(5)).build();
		setUp(server, pem(longLivedRoot) + pem(soon), "mtls.expiry.warning-threshold=7d").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("trust anchor \"CN=Soon Expiring CA\" (sha256 " + soon.sha256(),
					"within mtls.expiry.warning-threshold");
		});
	}

	@Test
	void leafCertificateAsTrustAnchorIsWarnedAbout(CapturedOutput output) {
		TestCertificate leaf = TestCertificate.client("CN=self-signed client").validFor(Duration.ofDays(365)).build();
		setUp(server, pem(longLivedRoot) + pem(leaf)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("trust anchor \"CN=self-signed client\" (sha256 " + leaf.sha256(),
					"a leaf certificate, not a CA");
		});
	}

	@Test
	void trustAnchorsWithLookAlikeNamesAreWarnedAboutNamingBoth(CapturedOutput output) {
		TestCertificate lookAlike = TestCertificate.authority("CN=\uff21udit Root CA,O=Acme")
			.validFor(Duration.ofDays(3650))
			.build();
		setUp(server, pem(longLivedRoot) + pem(lookAlike)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("have look-alike names")
				.contains("WARN", "mTLS trusted CA certificates \"CN=Audit Root CA,O=Acme\" (sha256 "
						+ longLivedRoot.sha256().substring(0, 16) + ") and \"CN=\\uFF21udit Root CA,O=Acme\" (sha256 "
						+ lookAlike.sha256().substring(0, 16) + ")", "mtls.trust.anchors-sha256");
		});
	}

	@Test
	void trustAnchorsWithTheSameNameAreWarnedAboutNamingBoth(CapturedOutput output) {
		TestCertificate rekeyed = TestCertificate.authority("CN=Audit Root CA,O=Acme")
			.validFor(Duration.ofDays(3650))
			.build();
		setUp(server, pem(longLivedRoot) + pem(rekeyed)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce("have the same name: an issuer-dn pin matches clients of either")
				.contains("(sha256 " + longLivedRoot.sha256().substring(0, 16) + ") and \"CN=Audit Root CA,O=Acme\" "
						+ "(sha256 " + rekeyed.sha256().substring(0, 16) + ")");
		});
	}

	@Test
	void developmentRootTrustedInAProdRunFailsStartup() {
		setUp(server, pem(longLivedRoot) + pem(developmentRoot), "spring.profiles.active=prod").run((context) -> {
			DevelopmentPkiInProductionException failure = failure(context, DevelopmentPkiInProductionException.class);
			assertThat(failure.getSha256()).isEqualTo(developmentRoot.sha256());
			assertThat(analysis(new DevelopmentPkiInProductionFailureAnalyzer(), context).getDescription())
				.contains(DevelopmentPkiAudit.DEVELOPMENT_ROOT_DN, developmentRoot.sha256());
		});
	}

	@Test
	void serverCertificateOfTheDevelopmentPkiInAProdRunFailsStartup() {
		TestCertificate devServer = TestCertificate.server("localhost")
			.validFor(Duration.ofDays(365))
			.signedBy(developmentRoot)
			.build();
		setUp(devServer, pem(longLivedRoot), "spring.profiles.active=prod").run((context) -> {
			DevelopmentPkiInProductionException failure = failure(context, DevelopmentPkiInProductionException.class);
			assertThat(failure.getMessage()).contains("server certificate \"CN=localhost\"", devServer.sha256());
		});
	}

	@Test
	void developmentPkiInAProdRunIsAllowedWithAllowDevelopmentPki(CapturedOutput output) {
		setUp(server, pem(longLivedRoot) + pem(developmentRoot), "spring.profiles.active=prod",
				"mtls.audit.allow-development-pki=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("development PKI in a production run, allowed by "
						+ "mtls.audit.allow-development-pki");
			});
	}

	@Test
	void developmentPkiIsAllowedWithoutAProdProfile() {
		setUp(server, pem(longLivedRoot) + pem(developmentRoot), "spring.profiles.active=dev")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void pinnedAnchorsInstallAnchorPinning() {
		setUp(server, pem(longLivedRoot), "mtls.trust.anchors-sha256=" + colons(longLivedRoot.sha256()))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(AnchorPinning.class));
	}

	@Test
	void pinMatchingNoTrustAnchorIsWarnedAbout(CapturedOutput output) {
		String ahead = nonProdRoot.sha256();
		setUp(server, pem(longLivedRoot), "mtls.trust.anchors-sha256=" + longLivedRoot.sha256() + "," + ahead)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("mtls.trust.anchors-sha256 pins " + ahead + ", which no trust anchor");
			});
	}

	@Test
	void trustStoreHoldingAnUnpinnedAnchorFailsStartup() {
		setUp(server, pem(longLivedRoot) + pem(nonProdRoot), "mtls.trust.anchors-sha256=" + longLivedRoot.sha256())
			.run((context) -> {
				UnpinnedTrustAnchorException failure = failure(context, UnpinnedTrustAnchorException.class);
				assertThat(failure.getSubject()).isEqualTo("CN=Non-prod Root CA,O=Acme");
				FailureAnalysis analysis = analysis(new UnpinnedTrustAnchorFailureAnalyzer(), context);
				assertThat(analysis.getDescription()).contains("CN=Non-prod Root CA,O=Acme", nonProdRoot.sha256());
				assertThat(analysis.getAction()).contains("mtls.trust.anchors-sha256", nonProdRoot.sha256());
			});
	}

	@Test
	void malformedAnchorPinFailsStartupNamingTheProperty() {
		setUp(server, pem(longLivedRoot), "mtls.trust.anchors-sha256=" + longLivedRoot.sha256() + ",abc")
			.run((context) -> assertThat(failure(context, InvalidMtlsPropertyException.class).getProperty())
				.isEqualTo("mtls.trust.anchors-sha256[1]"));
	}

	@Test
	void trustAnchorWithoutSubjectKeyIdentifierFailsStartupUnderStrictNamingTheAnchorAndTheRule() {
		TestCertificate legacy = TestCertificate.authority("CN=Legacy Root CA").noKeyIdentifiers().build();
		setUp(server, pem(longLivedRoot) + pem(legacy)).run((context) -> {
			NonConformingAnchorException failure = failure(context, NonConformingAnchorException.class);
			assertThat(failure.getMessage()).contains("\"CN=Legacy Root CA\"", legacy.sha256(), "RFC 5280 4.2.1.2",
					"no subject key identifier");
			assertThat(failure.isRelaxable()).isTrue();
			assertThat(analysis(new NonConformingAnchorFailureAnalyzer(), context).getAction())
				.contains("mtls.trust.profile", "compatible");
		});
	}

	@Test
	void trustAnchorWithoutSubjectKeyIdentifierStartsUnderCompatibleWithAWarning(CapturedOutput output) {
		TestCertificate legacy = TestCertificate.authority("CN=Legacy Root CA").noKeyIdentifiers().build();
		setUp(server, pem(longLivedRoot) + pem(legacy), "mtls.trust.profile=compatible").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("trust anchor \"CN=Legacy Root CA\" (sha256 " + legacy.sha256(),
					"accepted only because mtls.trust.profile=compatible", "RFC 5280 4.2.1.2");
		});
	}

	@Test
	void trustAnchorWithAnUnknownCriticalExtensionFailsStartupEvenUnderCompatible() {
		TestCertificate odd = TestCertificate.authority("CN=Odd Root CA")
			.rawExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7"), true, new byte[] { 0x05, 0x00 })
			.build();
		setUp(server, pem(longLivedRoot) + pem(odd), "mtls.trust.profile=compatible").run((context) -> {
			NonConformingAnchorException failure = failure(context, NonConformingAnchorException.class);
			assertThat(failure.getMessage()).contains("\"CN=Odd Root CA\"", "RFC 5280 4.2 (no unknown critical extension)",
					"1.3.6.1.4.1.99999.7");
			assertThat(failure.isRelaxable()).isFalse();
		});
	}

	@Test
	void version1TrustAnchorFailsStartupUnderStrictNamingTheAnchorAndTheRule() {
		TestCertificate legacy = TestCertificate.authority("CN=Legacy v1 Root CA").version1().build();
		setUp(server, pem(longLivedRoot) + pem(legacy)).run((context) -> {
			NonConformingAnchorException failure = failure(context, NonConformingAnchorException.class);
			assertThat(failure.getMessage()).contains("\"CN=Legacy v1 Root CA\"", legacy.sha256(),
					"RFC 5280 4.2.1.9 (CA certificate carries basic constraints with cA true)",
					"a version 1 root has no basic constraints");
			assertThat(failure.isRelaxable()).isTrue();
		});
	}

	@Test
	void version1TrustAnchorStartsUnderCompatibleWithAWarning(CapturedOutput output) {
		TestCertificate legacy = TestCertificate.authority("CN=Legacy v1 Root CA").version1().build();
		setUp(server, pem(longLivedRoot) + pem(legacy), "mtls.trust.profile=compatible").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("trust anchor \"CN=Legacy v1 Root CA\" (sha256 " + legacy.sha256(),
					"accepted only because mtls.trust.profile=compatible", "a version 1 root has no basic constraints");
		});
	}

	@Test
	void configuredIntermediateNamedLikeATrustStoreCertificateIsWarnedAbout(CapturedOutput output) {
		TestCertificate issuing = TestCertificate.authority("CN=Audit Issuing CA,O=Acme").signedBy(longLivedRoot)
			.build();
		TestCertificate sameName = TestCertificate.authority("CN=Audit Issuing CA,O=Acme").signedBy(longLivedRoot)
			.build();
		setUp(server, pem(longLivedRoot) + pem(issuing),
				"spring.ssl.bundle.pem.issuers.truststore.certificate=" + pem(sameName),
				"mtls.trust.intermediates.bundle=issuers")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("have the same name: an issuer-dn pin matches clients of either")
					.contains("(sha256 " + issuing.sha256().substring(0, 16) + ") and \"CN=Audit Issuing CA,O=Acme\" "
							+ "(sha256 " + sameName.sha256().substring(0, 16) + ")", "and mtls.trust.intermediates");
			});
	}

	@Test
	void configuredIntermediatesWithLookAlikeNamesAreWarnedAbout(CapturedOutput output) {
		TestCertificate issuing = TestCertificate.authority("CN=Audit Issuing CA,O=Acme").signedBy(longLivedRoot)
			.build();
		TestCertificate lookAlike = TestCertificate.authority("CN=Audit \uff29ssuing CA,O=Acme").signedBy(longLivedRoot)
			.build();
		setUp(server, pem(longLivedRoot),
				"spring.ssl.bundle.pem.issuers.truststore.certificate=" + pem(issuing) + pem(lookAlike),
				"mtls.trust.intermediates.bundle=issuers")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("have look-alike names")
					.contains("\"CN=Audit \\uFF29ssuing CA,O=Acme\"", "of mtls.trust.intermediates have");
			});
	}

	@Test
	void unknownProfileFailsStartupNamingTheProperty() {
		setUp(server, pem(longLivedRoot), "mtls.trust.profile=lenient")
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("mtls.trust.profile"));
	}

	private WebApplicationContextRunner setUp(TestCertificate serverCertificate, String trustPem,
			String... properties) {
		return setUpWithoutIdentities(serverCertificate, trustPem, properties)
			.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders,O=Acme");
	}

	private WebApplicationContextRunner setUpWithoutIdentities(TestCertificate serverCertificate, String trustPem,
			String... properties) {
		List<String> values = new ArrayList<>(List.of(
				"spring.ssl.bundle.pem.server.keystore.certificate=" + serverCertificate.chainPem(),
				"spring.ssl.bundle.pem.server.keystore.private-key=" + serverCertificate.privateKeyPem(),
				"spring.ssl.bundle.pem.server.truststore.certificate=" + trustPem, "server.ssl.bundle=server",
				"server.ssl.client-auth=need"));
		values.addAll(List.of(properties));
		return this.runner.withPropertyValues(values.toArray(String[]::new));
	}

	static <T extends Throwable> T failure(AssertableWebApplicationContext context, Class<T> type) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !type.isInstance(failure)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("startup failure caused by %s", type.getSimpleName()).isNotNull();
		return type.cast(failure);
	}

	static FailureAnalysis analysis(FailureAnalyzer analyzer, AssertableWebApplicationContext context) {
		FailureAnalysis analysis = analyzer.analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

	static String pem(TestCertificate certificate) {
		return certificate.certificatePem();
	}

	static String colons(String sha256) {
		return sha256.toUpperCase().replaceAll("(..)(?!$)", "$1:");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ServerProperties.class)
	static class ServerAndSecurity {

		@Bean
		SecurityFilterChain applicationSecurity() {
			return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE);
		}

	}

}
