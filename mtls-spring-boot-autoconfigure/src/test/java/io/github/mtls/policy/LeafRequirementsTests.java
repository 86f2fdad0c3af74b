package io.github.mtls.policy;

import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.mtls.identity.InvalidSettingException;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LeafRequirementsTests {

	static final TestPki pki = TestPki.shared();

	static final String PRIVATE_PURPOSE = "1.3.6.1.4.1.55555.7";

	static final CertificateFacts clientAuth = facts((c) -> c);

	static final CertificateFacts noExtensions = facts((c) -> c.noExtendedKeyUsage().noKeyUsage());

	static final CertificateFacts serverAuthOnly = facts((c) -> c.serverAuthOnly());

	static final CertificateFacts anyPurpose = facts((c) -> c.extendedKeyUsage("2.5.29.37.0"));

	static final CertificateFacts clientAndPrivate = facts(
			(c) -> c.extendedKeyUsage(KeyPurposeId.id_kp_clientAuth.getId(), PRIVATE_PURPOSE));

	static final CertificateFacts keyEnciphermentOnly = facts((c) -> c.keyUsage(KeyUsage.keyEncipherment));

	static final CertificateFacts signatureAndEncipherment = facts(
			(c) -> c.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));

	static final CertificateFacts ca = read(
			TestCertificate.authority("CN=Sub CA").signedBy(pki.root()).build());

	@Test
	void factsReadTheUsageExtensionsOnce() {
		assertThat(clientAuth.extendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
		assertThat(clientAuth.keyUsage()).isEqualTo(1);
		assertThat(clientAuth.certificateAuthority()).isFalse();
		assertThat(noExtensions.extendedKeyUsage()).isNull();
		assertThat(noExtensions.keyUsage()).isEqualTo(CertificateFacts.NO_KEY_USAGE);
		assertThat(signatureAndEncipherment.keyUsage()).isEqualTo(0b101);
		assertThat(ca.certificateAuthority()).isTrue();
	}

	@Test
	void defaultsAllowClientAuthAndDigitalSignatureOrNoExtensionAtAll() {
		LeafRequirements defaults = LeafRequirements.defaults();
		assertThat(defaults.violation(clientAuth)).isNull();
		assertThat(defaults.violation(noExtensions)).isNull();
		assertThat(defaults.violation(anyPurpose)).isNull();
		assertThat(defaults.violation(signatureAndEncipherment)).isNull();
		assertThat(defaults.violation(serverAuthOnly))
			.isEqualTo("extended key usage lacks clientAuth (mtls.policy.extended-key-usage)");
		assertThat(defaults.violation(keyEnciphermentOnly))
			.isEqualTo("key usage lacks digitalSignature (mtls.policy.key-usage)");
		assertThat(defaults).hasToString(
				"extended-key-usage=[clientAuth] when present, key-usage=[digitalSignature] when present");
	}

	@Test
	void listingOnlyTheDefaultValueKeepsTheDefaultReading() {
		LeafRequirements explicit = LeafRequirements.of(List.of("1.3.6.1.5.5.7.3.2"), List.of("Digital-Signature"));
		assertThat(explicit.violation(noExtensions)).isNull();
		assertThat(explicit.violation(anyPurpose)).isNull();
		assertThat(explicit).hasToString(LeafRequirements.defaults().toString());
	}

	@Test
	void anyDropsTheUsageRequirementsButNeverAcceptsACa() {
		LeafRequirements any = LeafRequirements.of(List.of("any"), List.of("ANY"));
		assertThat(any.violation(serverAuthOnly)).isNull();
		assertThat(any.violation(keyEnciphermentOnly)).isNull();
		assertThat(any.violation(ca)).isEqualTo("basic constraints mark it as a CA certificate");
		assertThat(LeafRequirements.defaults().violation(ca)).isEqualTo("basic constraints mark it as a CA certificate");
	}

	@Test
	void explicitPurposesMustAllBeListedInThePresentExtension() {
		LeafRequirements required = LeafRequirements.of(List.of("client-auth", PRIVATE_PURPOSE), List.of("any"));
		assertThat(required.violation(clientAndPrivate)).isNull();
		assertThat(required.violation(clientAuth))
			.isEqualTo("extended key usage lacks " + PRIVATE_PURPOSE + " (mtls.policy.extended-key-usage)");
		assertThat(required.violation(serverAuthOnly)).isEqualTo(
				"extended key usage lacks clientAuth, " + PRIVATE_PURPOSE + " (mtls.policy.extended-key-usage)");
		assertThat(required.violation(noExtensions)).isEqualTo("no extended key usage extension; required: clientAuth, "
				+ PRIVATE_PURPOSE + " (mtls.policy.extended-key-usage)");
	}

	@Test
	void anyExtendedKeyUsageDoesNotStandInForAnExplicitPurpose() {
		LeafRequirements serverAuth = LeafRequirements.of(List.of("server-auth"), List.of("digital-signature"));
		assertThat(serverAuth.violation(serverAuthOnly)).isNull();
		assertThat(serverAuth.violation(anyPurpose))
			.isEqualTo("extended key usage lacks serverAuth (mtls.policy.extended-key-usage)");
		assertThat(serverAuth.violation(clientAuth))
			.isEqualTo("extended key usage lacks serverAuth (mtls.policy.extended-key-usage)");
	}

	@Test
	void explicitKeyUsagesMustAllBeSetInThePresentExtension() {
		LeafRequirements required = LeafRequirements.of(List.of("any"),
				List.of("digital-signature", "key-encipherment"));
		assertThat(required.violation(signatureAndEncipherment)).isNull();
		assertThat(required.violation(clientAuth))
			.isEqualTo("key usage lacks keyEncipherment (mtls.policy.key-usage)");
		assertThat(required.violation(keyEnciphermentOnly))
			.isEqualTo("key usage lacks digitalSignature (mtls.policy.key-usage)");
		assertThat(required.violation(noExtensions)).isEqualTo(
				"no key usage extension; required: digitalSignature, keyEncipherment (mtls.policy.key-usage)");
	}

	@Test
	void contentCommitmentIsNonRepudiation() {
		LeafRequirements required = LeafRequirements.of(List.of("any"), List.of("content-commitment"));
		assertThat(required.violation(facts((c) -> c.keyUsage(KeyUsage.nonRepudiation)))).isNull();
		assertThat(required.violation(clientAuth)).isEqualTo("key usage lacks nonRepudiation (mtls.policy.key-usage)");
	}

	@Test
	void policyRefusesWithTheCertificatePolicyCodeAndWhatIsMissing() {
		CertificatePolicy policy = new CertificatePolicy(
				LeafRequirements.of(List.of("server-auth"), List.of("digital-signature")));
		Refusal refusal = policy.check(clientAuth, Instant.now());
		assertThat(refusal).isNotNull();
		assertThat(refusal.reason()).isEqualTo(RefusalReason.CERTIFICATE_POLICY);
		assertThat(refusal.detail()).isEqualTo("extended key usage lacks serverAuth (mtls.policy.extended-key-usage)");
		assertThat(policy.check(serverAuthOnly, Instant.now())).isNull();
		assertThat(new CertificatePolicy().check(serverAuthOnly, Instant.now())).isNotNull();
	}

	@ParameterizedTest(name = "extended-key-usage {0} is refused as {1}: {2}")
	@CsvSource(delimiter = '|', value = { "client-auth,bogus|mtls.policy.extended-key-usage[1]|not a known key purpose",
			"1.3.6..1|mtls.policy.extended-key-usage[0]|not a valid OID",
			"3.1.2|mtls.policy.extended-key-usage[0]|not a valid OID",
			"1.40.7|mtls.policy.extended-key-usage[0]|second arc above 39",
			"1.3.6.01|mtls.policy.extended-key-usage[0]|not a valid OID",
			"2.5.29.37.0|mtls.policy.extended-key-usage[0]|anyExtendedKeyUsage cannot be required",
			"server-auth,any|mtls.policy.extended-key-usage[1]|cannot be combined",
			"client-auth, |mtls.policy.extended-key-usage[1]|not a known key purpose" })
	void badExtendedKeyUsageIsRefusedNamingTheElement(String values, String property, String problem) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LeafRequirements.of(List.of(values.split(",", -1)), List.of("digital-signature")))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				assertThat(ex.getProblem()).contains(problem);
				assertThat(ex.getAction()).isNotBlank();
			});
	}

	@ParameterizedTest(name = "key-usage {0} is refused as {1}: {2}")
	@CsvSource(delimiter = '|', value = { "digital-signature,key-cert-sign|mtls.policy.key-usage[1]|never a CA",
			"crl-sign|mtls.policy.key-usage[0]|never a CA", "signing|mtls.policy.key-usage[0]|not a known key usage",
			"any,digital-signature|mtls.policy.key-usage[0]|cannot be combined" })
	void badKeyUsageIsRefusedNamingTheElement(String values, String property, String problem) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LeafRequirements.of(List.of("client-auth"), List.of(values.split(","))))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				assertThat(ex.getProblem()).contains(problem);
			});
	}

	@Test
	void emptyListsAreRefused() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LeafRequirements.of(List.of(), List.of("any")))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("mtls.policy.extended-key-usage"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> LeafRequirements.of(List.of("any"), null))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("mtls.policy.key-usage"));
	}

	private static CertificateFacts read(TestCertificate certificate) {
		try {
			return CertificateFacts.of(certificate.certificate());
		}
		catch (CertificateParsingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static CertificateFacts facts(UnaryOperator<TestCertificate.Builder> customizer) {
		return read(
				customizer.apply(TestCertificate.client("CN=leaf requirements").signedBy(pki.root())).build());
	}

}
