package io.github.mtls.policy;

import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.TestCertificate;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class X509SvidRulesTests {

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static Stream<Arguments> brokenSvids() {
		return Stream.of(
				Arguments.of("two URI SANs", (UnaryOperator<TestCertificate.Builder>) (c) -> c
					.sanUri("spiffe://acme.test/admin"), "exactly one URI SAN (found 2)"),
				Arguments.of("a SPIFFE ID and a URL", (UnaryOperator<TestCertificate.Builder>) (c) -> c
					.sanUri("https://billing.acme.test/"), "exactly one URI SAN"),
				Arguments.of("a CA flag", (UnaryOperator<TestCertificate.Builder>) (c) -> c.certificateAuthority(0),
						"not a CA"),
				Arguments.of("no key usage", (UnaryOperator<TestCertificate.Builder>) TestCertificate.Builder::noKeyUsage,
						"key usage is required"),
				Arguments.of("no digitalSignature",
						(UnaryOperator<TestCertificate.Builder>) (c) -> c.keyUsage(KeyUsage.keyEncipherment),
						"must include digitalSignature"),
				Arguments.of("cRLSign", (UnaryOperator<TestCertificate.Builder>) (c) -> c
					.keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign), "excludes keyCertSign and cRLSign"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenSvids")
	void refusesAnSvidThatBreaksARuleAsCertificatePolicy(String edge, UnaryOperator<TestCertificate.Builder> change,
			String rule) throws Exception {
		CertificateFacts facts = CertificateFacts.of(acme.svid("/billing", change).build().certificate());

		Refusal refusal = new CertificatePolicy().check(facts, Instant.now());

		assertThat(refusal).isNotNull();
		assertThat(refusal.reason()).isEqualTo(RefusalReason.CERTIFICATE_POLICY);
		assertThat(refusal.detail()).contains("X.509-SVID").contains(rule);
	}

	@Test
	void refusesAnUppercaseSchemeThatWouldDodgeTheRules() throws Exception {
		CertificateFacts facts = CertificateFacts.of(TestCertificate.client("CN=x")
			.sanUri("SPIFFE://acme.test/billing")
			.sanUri("spiffe://acme.test/admin")
			.build()
			.certificate());

		assertThat(X509SvidRules.violation(facts)).contains("exactly one URI SAN");
	}

	@Test
	void acceptsAnSvidAsSpireIssuesIt() throws Exception {
		assertThat(new CertificatePolicy().check(CertificateFacts.of(acme.svid("/billing").build().certificate()),
				Instant.now())).isNull();
	}

	@Test
	void leavesCertificatesWithoutASpiffeIdToTheLeafRequirements() throws Exception {
		CertificateFacts facts = CertificateFacts.of(TestCertificate.client("CN=orders")
			.sanUri("https://orders.acme.test/")
			.sanUri("urn:example:orders")
			.build()
			.certificate());

		assertThat(X509SvidRules.violation(facts)).isNull();
	}

}
