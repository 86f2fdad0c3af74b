package io.github.mtls.path;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.test.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the certificate profile, each as the attack or the legacy certificate that breaks
 * it, under both profiles: refused with {@code certificate_path_invalid} and a detail naming the
 * certificate, the rule and the RFC section; accepted under {@code compatible} exactly when the rule
 * is relaxable. The pipeline runs this same validator for a handshake's chain and a forwarded one.
 */
class CertificateProfileTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestCertificate root = TestCertificate.authority("CN=Profile Root,O=Acme").build();

	static Stream<Arguments> breaches() {
		return Stream.of(
				// 4.2.1.1 / 4.2.1.2: key identifiers
				breach("intermediate without key identifiers", ProfileRule.AUTHORITY_KEY_IDENTIFIER_PRESENT,
						"CN=Issuing CA,O=Acme", () -> {
							// The leaf keeps its own authority key identifier: the intermediate is the breach.
							TestCertificate ca = ca().noKeyIdentifiers().signedBy(root).build();
							return client().rawExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(ca))
								.signedBy(ca)
								.build();
						}),
				breach("critical subject key identifier", ProfileRule.KEY_IDENTIFIER_NOT_CRITICAL, "CN=orders,O=Acme",
						() -> chain(ca(), client().rawExtension(Extension.subjectKeyIdentifier, true,
								der(new DEROctetString(new byte[] { 1, 2, 3, 4 }))))),
				// 4.2.1.9 / 4.2.1.3: basic constraints and key usage
				breach("non-critical basic constraints", ProfileRule.BASIC_CONSTRAINTS_CRITICAL, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.basicConstraints, false, der(new BasicConstraints(true))),
								client())),
				breach("leaf asserting keyCertSign", ProfileRule.KEY_CERT_SIGN_MATCHES_CA, "CN=orders,O=Acme",
						() -> chain(ca(), client().rawExtension(Extension.keyUsage, true,
								der(new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign))))),
				breach("CA without keyCertSign", ProfileRule.KEY_CERT_SIGN_MATCHES_CA, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.keyUsage, true, der(new KeyUsage(KeyUsage.cRLSign))),
								client())),
				// 4.2.1.10: name constraints
				breach("name constraints in a leaf", ProfileRule.NAME_CONSTRAINTS_IN_CA_ONLY, "CN=orders,O=Acme",
						() -> chain(ca(), client().permittedDns("acme.test"))),
				breach("non-critical name constraints", ProfileRule.NAME_CONSTRAINTS_CRITICAL, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.nameConstraints, false, der(new NameConstraints(
								new GeneralSubtree[] { new GeneralSubtree(new GeneralName(GeneralName.dNSName, "acme.test")) },
								null))), client().sanDns("orders.acme.test"))),
				breach("a leading-dot DNS constraint", ProfileRule.NAME_CONSTRAINTS_WELL_FORMED, "CN=Issuing CA,O=Acme",
						() -> chain(ca().permittedDns(".acme.test"), client().sanDns("orders.acme.test"))),
				breach("a subtree with a maximum", ProfileRule.NAME_CONSTRAINTS_WELL_FORMED, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.nameConstraints, true, der(new NameConstraints(
								new GeneralSubtree[] { new GeneralSubtree(new GeneralName(GeneralName.dNSName, "acme.test"),
										BigInteger.ZERO, BigInteger.ONE) },
								null))), client().sanDns("orders.acme.test"))),
				breach("a wildcard over an excluded name", ProfileRule.WILDCARD_NOT_EXCLUDED, "CN=orders,O=Acme",
						() -> chain(ca().excludedDns("admin.acme.test"), client().sanDns("*.acme.test"))),
				// 4.2.1.11 / 4.2.1.14: policy constraints and inhibitAnyPolicy
				breach("non-critical policy constraints", ProfileRule.POLICY_CONSTRAINTS, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.policyConstraints, false,
								der(new PolicyConstraints(BigInteger.TEN, null))), client())),
				breach("non-critical inhibitAnyPolicy", ProfileRule.INHIBIT_ANY_POLICY_CRITICAL, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.inhibitAnyPolicy, false, der(new ASN1Integer(5))),
								client())),
				// 4.2.1.12: extended key usage
				breach("an empty extended key usage", ProfileRule.EXTENDED_KEY_USAGE_NOT_EMPTY, "CN=orders,O=Acme",
						() -> chain(ca(), client().rawExtension(Extension.extendedKeyUsage, false, der(new DERSequence())))),
				// 4.1.2.2: serial numbers
				breach("serial number zero", ProfileRule.SERIAL_NUMBER, "CN=orders,O=Acme",
						() -> chain(ca(), client().serial(BigInteger.ZERO))),
				breach("serial number of 21 octets", ProfileRule.SERIAL_NUMBER, "CN=orders,O=Acme",
						() -> chain(ca(), client().serial(BigInteger.ONE.shiftLeft(160)))),
				// 4.2.1.6: subject alternative names
				breach("an underscore in a dNSName", ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "CN=orders,O=Acme",
						() -> chain(ca(), client().sanDns("or_ders.acme.test"))),
				breach("an IP literal as dNSName", ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "CN=orders,O=Acme",
						() -> chain(ca(), client().sanDns("10.0.0.1"))),
				breach("an empty label in a dNSName", ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "CN=orders,O=Acme",
						() -> chain(ca(), client().sanDns("orders..acme.test"))),
				breach("an iPAddress of 5 octets", ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "CN=orders,O=Acme",
						() -> chain(ca(), client().rawExtension(Extension.subjectAlternativeName, false, der(
								new GeneralNames(new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[5]))))))),
				breach("a SPIFFE ID with a port", ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "CN=orders,O=Acme",
						() -> chain(ca(), client().sanUri("spiffe://acme.test:8443/orders"))),
				breach("an empty subject alternative name extension", ProfileRule.SUBJECT_ALTERNATIVE_NAMES,
						"CN=orders,O=Acme",
						() -> chain(ca(), client().rawExtension(Extension.subjectAlternativeName, false, der(new DERSequence())))),
				breach("a CA without subject key identifier", ProfileRule.SUBJECT_KEY_IDENTIFIER_PRESENT,
						"CN=Issuing CA,O=Acme", () -> {
							TestCertificate ca = ca().noKeyIdentifiers()
								.rawExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(root))
								.signedBy(root)
								.build();
							return client().rawExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(ca))
								.signedBy(ca)
								.build();
						}),
				// 4.2: unknown critical extensions, in a leaf and in the anchor
				breach("an unknown critical extension", ProfileRule.UNKNOWN_CRITICAL_EXTENSION, "CN=orders,O=Acme",
						() -> chain(ca(), client().rawExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7"), true,
								der(DERNull.INSTANCE)))),
				// Issue 16: an intermediate's extension that cannot be read is refused, never read as absent.
				breach("an intermediate's unreadable key usage", ProfileRule.READABLE_EXTENSIONS, "CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.keyUsage, false, BROKEN), client())),
				breach("an intermediate's unreadable extended key usage", ProfileRule.READABLE_EXTENSIONS,
						"CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.extendedKeyUsage, false, BROKEN), client())),
				breach("an intermediate's unreadable name constraints", ProfileRule.READABLE_EXTENSIONS,
						"CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.nameConstraints, false, BROKEN), client())),
				breach("an intermediate's unreadable certificate policies", ProfileRule.READABLE_EXTENSIONS,
						"CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.certificatePolicies, false, BROKEN), client())),
				breach("an intermediate's unreadable basic constraints", ProfileRule.READABLE_EXTENSIONS,
						"CN=Issuing CA,O=Acme",
						() -> chain(ca().rawExtension(Extension.basicConstraints, false, BROKEN), client())));
	}

	/**
	 * The leaf SANs the JDK itself cannot read ({@code getSubjectAlternativeNames()} fails): in the
	 * pipeline, issue 16's reading of the leaf refuses them first, as {@code certificate_policy}.
	 */
	static final Set<String> LEAF_SANS_THE_JDK_CANNOT_READ = Set.of("an iPAddress of 5 octets",
			"an empty subject alternative name extension");

	/** The breaches that reach the profile through the pipeline. */
	static Stream<Arguments> breachesThePipelineReaches() {
		return breaches().filter((breach) -> !LEAF_SANS_THE_JDK_CANNOT_READ.contains((String) breach.get()[0]));
	}

	/** The breaches of a leaf's SAN that the pipeline refuses before the profile. */
	static Stream<Arguments> leafSansTheJdkCannotRead() {
		return breaches().filter((breach) -> LEAF_SANS_THE_JDK_CANNOT_READ.contains((String) breach.get()[0]));
	}

	/** A SEQUENCE that announces five bytes and holds one (as in issue 16's tests). */
	static final byte[] BROKEN = { 0x30, 0x05, 0x06 };

	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadableInAConfiguredIntermediate")
	void configuredIntermediateWithAnUnreadableExtensionIsRefused(String name, ASN1ObjectIdentifier oid) {
		TestCertificate issuing = ca().rawExtension(oid, false, BROKEN).signedBy(root).build();
		TestCertificate leaf = client().signedBy(issuing).build();
		PathVerdict verdict = new PathValidator(PathSettings.DEFAULTS.withProfile(ProfileMode.COMPATIBLE),
				List.of(root.certificate()), List.of(issuing.certificate()))
			.validate(leaf.certificate(), List.of(), NOW);
		assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Invalid.class, (invalid) -> {
			assertThat(invalid.refusal().reason()).isEqualTo(RefusalReason.CERTIFICATE_PATH_INVALID);
			assertThat(invalid.refusal().detail()).contains("\"CN=Issuing CA,O=Acme\"", "RFC 5280 4.2 (extensions readable)",
					"extension " + oid.getId() + " cannot be read");
		});
	}

	static Stream<Arguments> unreadableInAConfiguredIntermediate() {
		return Stream.of(Arguments.of("key usage", Extension.keyUsage),
				Arguments.of("extended key usage", Extension.extendedKeyUsage),
				Arguments.of("basic constraints", Extension.basicConstraints),
				Arguments.of("name constraints", Extension.nameConstraints),
				Arguments.of("certificate policies", Extension.certificatePolicies));
	}

	@Test
	void version1AnchorIsAcceptedUnderCompatibleOnly() {
		TestCertificate legacy = TestCertificate.authority("CN=Legacy v1 Root").version1().build();
		TestCertificate leaf = client()
			.rawExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(legacy))
			.signedBy(legacy)
			.build();
		for (ProfileMode mode : ProfileMode.values()) {
			PathVerdict verdict = new PathValidator(PathSettings.DEFAULTS.withProfile(mode), List.of(legacy.certificate()))
				.validate(leaf.certificate(), List.of(), NOW);
			if (mode == ProfileMode.COMPATIBLE) {
				assertThat(verdict).as(String.valueOf(verdict)).isInstanceOf(PathVerdict.Valid.class);
			}
			else {
				assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Invalid.class, (invalid) -> assertThat(
						invalid.refusal().detail()).contains("\"CN=Legacy v1 Root\"", "RFC 5280 4.2.1.9",
								"a version 1 root has no basic constraints"));
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("breaches")
	void strictProfileRefusesNamingTheCertificateTheRuleAndTheSection(String name, ProfileRule rule, String subject,
			Supplier<TestCertificate> leaf) {
		PathVerdict verdict = validate(ProfileMode.STRICT, leaf.get());
		assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Invalid.class, (invalid) -> {
			assertThat(invalid.refusal().reason()).isEqualTo(RefusalReason.CERTIFICATE_PATH_INVALID);
			assertThat(invalid.refusal().detail()).contains(subject, "RFC 5280 " + rule.section(), rule.description());
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("breaches")
	void compatibleProfileAcceptsExactlyTheRelaxableBreaches(String name, ProfileRule rule, String subject,
			Supplier<TestCertificate> leaf) {
		PathVerdict verdict = validate(ProfileMode.COMPATIBLE, leaf.get());
		if (rule.relaxable()) {
			assertThat(verdict).as(String.valueOf(verdict)).isInstanceOf(PathVerdict.Valid.class);
		}
		else {
			assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Invalid.class, (invalid) -> assertThat(
					invalid.refusal().detail()).contains(subject, "RFC 5280 " + rule.section(), rule.description()));
		}
	}

	@Test
	void conformingChainOfTheTestPkiIsValidUnderStrict() {
		assertThat(validate(ProfileMode.STRICT, chain(ca().permittedDns("acme.test"),
				client().sanDns("orders.acme.test").sanDns("*.orders.acme.test").sanUri("spiffe://acme.test/orders"))))
			.isInstanceOf(PathVerdict.Valid.class);
	}

	@Test
	void anchorWithAnUnknownCriticalExtensionIsRefusedInEveryPath() {
		TestCertificate odd = TestCertificate.authority("CN=Odd Root")
			.rawExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7"), true, der(DERNull.INSTANCE))
			.build();
		TestCertificate leaf = TestCertificate.client("CN=orders,O=Acme").signedBy(odd).build();
		PathVerdict verdict = new PathValidator(PathSettings.DEFAULTS.withProfile(ProfileMode.COMPATIBLE),
				List.of(odd.certificate()))
			.validate(leaf.certificate(), List.of(), NOW);
		assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Invalid.class,
				(invalid) -> assertThat(invalid.refusal().detail()).contains("\"CN=Odd Root\"", "unknown critical"));
	}

	@Test
	void selfIssuedIntermediateOutsideTheAnchorsNameConstraintsKeepsAValidChain() {
		// RFC 5280 6.1.3 (b): a re-keyed CA's self-issued certificate is not itself constrained.
		TestCertificate constrained = TestCertificate.authority("CN=Constrained Root,O=Acme").permittedDns("acme.test")
			.build();
		TestCertificate rollover = TestCertificate.authority("CN=Constrained Root,O=Acme")
			.sanDns("ca.elsewhere.test")
			.signedBy(constrained)
			.build();
		TestCertificate leaf = TestCertificate.client("CN=orders,O=Acme").sanDns("orders.acme.test").signedBy(rollover)
			.build();
		assertThat(new PathValidator(PathSettings.DEFAULTS, List.of(constrained.certificate()))
			.validate(leaf.certificate(), List.of(rollover.certificate()), NOW)).isInstanceOf(PathVerdict.Valid.class);
	}

	@Test
	void thousandSubtreesAgainstThousandNamesAreRefusedByCountingNotByComparing() {
		TestCertificate.Builder crafted = ca();
		for (int i = 0; i < 1024; i++) {
			crafted.permittedDns("d" + i + ".acme.test");
		}
		TestCertificate.Builder leaf = client();
		for (int i = 0; i < 1024; i++) {
			leaf.sanDns("n" + i + ".d" + i + ".acme.test");
		}
		TestCertificate chain = chain(crafted, leaf);
		long start = System.nanoTime();
		PathVerdict verdict = validate(ProfileMode.COMPATIBLE, chain);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Invalid.class, (invalid) -> {
			assertThat(invalid.refusal().reason()).isEqualTo(RefusalReason.CERTIFICATE_PATH_INVALID);
			assertThat(invalid.refusal().detail()).contains("\"CN=Issuing CA,O=Acme\"", "exceed "
					+ CertificateProfile.MAX_NAME_CONSTRAINT_CHECKS + " comparisons");
		});
		assertThat(took).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void pathJustWithinTheNameConstraintBudgetIsEvaluated() {
		TestCertificate.Builder crafted = ca();
		for (int i = 0; i < 64; i++) {
			crafted.permittedDns("d" + i + ".acme.test");
		}
		TestCertificate.Builder leaf = client();
		for (int i = 0; i < 64; i++) {
			leaf.sanDns("n" + i + ".d" + i + ".acme.test");
		}
		assertThat(validate(ProfileMode.STRICT, chain(crafted, leaf))).isInstanceOf(PathVerdict.Valid.class);
	}

	static PathVerdict validate(ProfileMode mode, TestCertificate leaf) {
		return new PathValidator(PathSettings.DEFAULTS.withProfile(mode), List.of(root.certificate()))
			.validate(leaf.certificate(), leaf.chain().subList(1, leaf.chain().size()), NOW);
	}

	static TestCertificate.Builder ca() {
		return TestCertificate.authority("CN=Issuing CA,O=Acme");
	}

	static TestCertificate.Builder client() {
		return TestCertificate.client("CN=orders,O=Acme");
	}

	static TestCertificate chain(TestCertificate.Builder ca, TestCertificate.Builder leaf) {
		return leaf.signedBy(ca.signedBy(root).build()).build();
	}

	static Arguments breach(String name, ProfileRule rule, String subject, Supplier<TestCertificate> leaf) {
		return Arguments.of(name, rule, subject, leaf);
	}

	static byte[] authorityKeyIdentifier(TestCertificate issuer) {
		try {
			return der(new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.keyPair().getPublic()));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] der(ASN1Encodable value) {
		try {
			return value.toASN1Primitive().getEncoded();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
