package io.github.mtls.test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.ssl.SslBundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of certificate {@link TestCertificate} makes, read back from its PEM with the JDK's
 * {@link CertificateFactory} and validated with PKIX ({@link CertPathValidator}), and a sample
 * verified by {@code openssl verify} when openssl is installed.
 */
class TestCertificateTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate root = pki.root();

	static final TestCertificate issuing = TestCertificate.authority("CN=Issuing CA,O=mtls-test")
		.certificateAuthority(0)
		.signedBy(root)
		.build();

	static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	static Stream<Arguments> everyKind() {
		return Stream.of(kind("root CA", () -> root), kind("issuing CA", () -> issuing),
				kind("client", () -> pki.client("CN=orders,O=Acme")),
				kind("client of an issuing CA", () -> TestCertificate.client("CN=deep").signedBy(issuing).build()),
				kind("server for a host name", () -> pki.server()),
				kind("server for an IP literal", () -> TestCertificate.server("127.0.0.1").signedBy(root).build()),
				kind("DNS SAN", () -> pki.client("CN=dns", (c) -> c.sanDns("client.example.org"))),
				kind("URI (SPIFFE) SAN", () -> pki.client("CN=spiffe", (c) -> c.sanUri("spiffe://acme.test/ns/prod/sa/x"))),
				kind("email SAN", () -> pki.client("CN=mail", (c) -> c.sanEmail("robot@example.org"))),
				kind("IPv4 SAN", () -> pki.client("CN=ip4", (c) -> c.sanIp("192.0.2.7"))),
				kind("IPv6 SAN", () -> pki.client("CN=ip6", (c) -> c.sanIp("2001:db8::7"))),
				kind("serverAuth only", () -> pki.client("CN=eku", TestCertificate.Builder::serverAuthOnly)),
				kind("client and server auth", () -> pki.client("CN=both", (c) -> c.extendedKeyUsage(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth))),
				kind("no EKU", () -> pki.client("CN=no-eku", TestCertificate.Builder::noExtendedKeyUsage)),
				kind("other key usage", () -> pki.client("CN=ku", (c) -> c.keyUsage(KeyUsage.keyEncipherment))),
				kind("no key usage", () -> pki.client("CN=no-ku", (c) -> c.keyUsage(0))),
				kind("client with the CA flag", () -> pki.client("CN=ca-flag", (c) -> c.certificateAuthority(-1))),
				kind("RSA client", () -> pki.client("CN=rsa", (c) -> c.rsa(2048))),
				kind("client of an RSA CA", () -> TestCertificate.client("CN=of-rsa")
					.signedBy(TestCertificate.authority("CN=RSA CA").rsa(2048).build())
					.build()),
				kind("same subject from another CA", () -> TestCertificate.client("CN=orders,O=Acme")
					.signedBy(pki.authority("CN=Other CA,O=Elsewhere"))
					.build()),
				kind("renewal with the same key", () -> {
					TestCertificate first = pki.client("CN=renewed");
					return pki.client("CN=renewed", (c) -> c.keyPair(first.keyPair()));
				}), kind("explicit serial", () -> pki.client("CN=serial", (c) -> c.serial(BigInteger.valueOf(0x1234abcdL)))),
				kind("OCSP and CRL locations", () -> pki.client("CN=revocable",
						(c) -> c.ocspUrl("http://127.0.0.1:1/ocsp").crlUrl("http://127.0.0.1:1/crl"))),
				kind("valid for an hour", () -> pki.client("CN=short", (c) -> c.validFor(Duration.ofHours(1)))));
	}

	static Arguments kind(String name, Supplier<TestCertificate> certificate) {
		return Arguments.of(name, certificate);
	}

	@ParameterizedTest(name = "{0} is read by CertificateFactory and valid under PKIX")
	@MethodSource("everyKind")
	void everyKindParsesAndValidatesUnderPkix(String kind, Supplier<TestCertificate> supplier) throws Exception {
		TestCertificate certificate = supplier.get();
		List<X509Certificate> chain = parse(certificate.chainPem());
		assertThat(chain).hasSize(certificate.chain().size());
		assertThat(chain.get(0)).isEqualTo(certificate.certificate());
		validate(chain, certificate.root().certificate(), new Date());
	}

	@Test
	void clientDefaultsToP256ClientAuthDigitalSignatureAndNoCaFlag() throws Exception {
		X509Certificate client = parse(pki.client("CN=defaults").certificatePem()).get(0);
		assertThat(client.getPublicKey().getAlgorithm()).isEqualTo("EC");
		assertThat(client.getSigAlgName()).isEqualTo("SHA256withECDSA");
		assertThat(client.getExtendedKeyUsage()).containsExactly(OID_CLIENT_AUTH);
		assertThat(client.getKeyUsage()[0]).as("digitalSignature").isTrue();
		assertThat(client.getBasicConstraints()).isEqualTo(-1);
		assertThat(client.getNotBefore()).isBefore(new Date());
		assertThat(client.getNotAfter()).isAfter(Date.from(Instant.now().plus(Duration.ofDays(29))));
	}

	@Test
	void usageVariantsAreWhatTheyClaim() throws Exception {
		assertThat(parse(pki.client("CN=eku", TestCertificate.Builder::serverAuthOnly).certificatePem()).get(0)
			.getExtendedKeyUsage()).containsExactly(OID_SERVER_AUTH);
		assertThat(pki.client("CN=no-eku", TestCertificate.Builder::noExtendedKeyUsage).certificate().getExtendedKeyUsage())
			.isNull();
		assertThat(pki.client("CN=no-ku", (c) -> c.keyUsage(0)).certificate().getKeyUsage()).isNull();
		assertThat(pki.client("CN=ca-flag", (c) -> c.certificateAuthority(-1)).certificate().getBasicConstraints())
			.isEqualTo(Integer.MAX_VALUE);
		assertThat(pki.client("CN=rsa", (c) -> c.rsa(2048)).certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
	}

	@Test
	void authorityIsACaThatSignsCertificatesAndCrls() throws Exception {
		X509Certificate ca = parse(root.certificatePem()).get(0);
		assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
		assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
		assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
		assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
		assertThat(parse(issuing.certificatePem()).get(0).getBasicConstraints()).isZero();
	}

	@Test
	void serverCertificateNamesLocalhostAndLoopbackAddresses() throws Exception {
		X509Certificate server = parse(pki.server().certificatePem()).get(0);
		assertThat(server.getExtendedKeyUsage()).containsExactly(OID_SERVER_AUTH);
		assertThat(pki.server().sanDns()).containsExactly("localhost");
		assertThat(pki.server().sanIp()).hasSize(2).contains("127.0.0.1");
	}

	@Test
	void subjectAlternativeNamesAreReadBackAsPinned() {
		TestCertificate all = pki.client("CN=all", (c) -> c.sanDns("a.example.org")
			.sanUri("spiffe://acme.test/a")
			.sanEmail("a@example.org")
			.sanIp("192.0.2.1"));
		assertThat(all.sanDns()).containsExactly("a.example.org");
		assertThat(all.sanUri()).containsExactly("spiffe://acme.test/a");
		assertThat(all.sanEmail()).containsExactly("a@example.org");
		assertThat(all.sanIp()).containsExactly("192.0.2.1");
		assertThat(pki.client("CN=none").sanDns()).isEmpty();
	}

	@Test
	void expiredCertificateFailsPkixNowAndPassesWithinItsValidity() throws Exception {
		TestCertificate expired = pki.client("CN=expired", TestCertificate.Builder::expired);
		List<X509Certificate> chain = parse(expired.chainPem());
		assertThat(reasonRefused(chain, root.certificate(), new Date())).isEqualTo(BasicReason.EXPIRED);
		validate(chain, root.certificate(), Date.from(Instant.now().minus(Duration.ofDays(2))));
	}

	@Test
	void notYetValidCertificateFailsPkixNowAndPassesLater() throws Exception {
		TestCertificate future = pki.client("CN=future", TestCertificate.Builder::notYetValid);
		List<X509Certificate> chain = parse(future.chainPem());
		assertThat(reasonRefused(chain, root.certificate(), new Date())).isEqualTo(BasicReason.NOT_YET_VALID);
		validate(chain, root.certificate(), Date.from(Instant.now().plus(Duration.ofDays(2))));
	}

	@Test
	void certificateOfAnotherCaDoesNotValidateAgainstTheTestRoot() throws Exception {
		TestCertificate elsewhere = TestCertificate.client("CN=orders,O=Acme")
			.signedBy(pki.authority("CN=Other CA,O=Elsewhere"))
			.build();
		assertThatExceptionOfType(CertPathValidatorException.class)
			.isThrownBy(() -> validate(parse(elsewhere.chainPem()), root.certificate(), new Date()));
		assertThat(pki.authority("CN=Other CA,O=Elsewhere")).isSameAs(pki.authority("CN=Other CA,O=Elsewhere"));
		assertThat(pki.authority(root.subjectDn())).isSameAs(root);
	}

	@Test
	void nameConstraintsOfAnIntermediateAreEnforcedByPkix() throws Exception {
		TestCertificate acmeCa = TestCertificate.authority("CN=Acme CA,O=Acme")
			.permittedSubtree("O=Acme")
			.excludedDns("evil.test")
			.signedBy(root)
			.build();
		assertThat(acmeCa.certificate().getCriticalExtensionOIDs()).contains("2.5.29.30");
		TestCertificate inside = TestCertificate.client("CN=x,O=Acme").sanDns("orders.acme.test").signedBy(acmeCa).build();
		validate(parse(inside.chainPem()), root.certificate(), new Date());
		TestCertificate otherOrganisation = TestCertificate.client("CN=x,O=Evil").signedBy(acmeCa).build();
		assertThat(reasonRefused(parse(otherOrganisation.chainPem()), root.certificate(), new Date()))
			.isEqualTo(PKIXReason.INVALID_NAME);
		TestCertificate excludedName = TestCertificate.client("CN=y,O=Acme").sanDns("www.evil.test").signedBy(acmeCa).build();
		assertThat(reasonRefused(parse(excludedName.chainPem()), root.certificate(), new Date()))
			.isEqualTo(PKIXReason.INVALID_NAME);
	}

	@Test
	void policiesAreAssertedInTheCertificatePoliciesExtension() throws Exception {
		TestCertificate client = pki.client("CN=policies", (c) -> c.policies("1.3.6.1.4.1.99999.1", "2.5.29.32.0"));
		assertThat(client.certificate().getNonCriticalExtensionOIDs()).contains("2.5.29.32");
		assertThat(CertificatePolicies
			.getInstance(ASN1OctetString.getInstance(client.certificate().getExtensionValue("2.5.29.32")).getOctets())
			.getPolicyInformation()).extracting((policy) -> policy.getPolicyIdentifier().getId())
			.containsExactly("1.3.6.1.4.1.99999.1", "2.5.29.32.0");
		assertThat(pki.client("CN=no policies").certificate().getExtensionValue("2.5.29.32")).isNull();
	}

	@Test
	void fingerprintsAreTheSha256OfTheDerAndOfTheSubjectPublicKeyInfo() throws Exception {
		TestCertificate client = pki.client("CN=fingerprints");
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		X509Certificate parsed = parse(client.certificatePem()).get(0);
		assertThat(client.sha256()).isEqualTo(HexFormat.of().formatHex(sha256.digest(parsed.getEncoded())));
		assertThat(client.spkiSha256())
			.isEqualTo(Base64.getEncoder().encodeToString(sha256.digest(parsed.getPublicKey().getEncoded())));
		assertThat(client.serialHex()).isEqualTo(parsed.getSerialNumber().toString(16));
		assertThat(client.issuerDn()).isEqualTo(root.subjectDn());
	}

	@Test
	void renewalWithTheSameKeyKeepsTheSpkiPinButNotTheFingerprint() {
		TestCertificate first = pki.client("CN=renewed");
		TestCertificate renewed = pki.client("CN=renewed", (c) -> c.keyPair(first.keyPair()));
		assertThat(renewed.spkiSha256()).isEqualTo(first.spkiSha256());
		assertThat(renewed.sha256()).isNotEqualTo(first.sha256());
	}

	@Test
	void version1RootHasNoExtensionsAndVerifiesWithItsOwnKey() throws Exception {
		TestCertificate legacy = TestCertificate.authority("CN=Legacy Root,O=Acme").version1().build();
		assertThat(legacy.certificate().getVersion()).isEqualTo(1);
		assertThat(legacy.certificate().getCriticalExtensionOIDs()).isNullOrEmpty();
		assertThat(legacy.certificate().getNonCriticalExtensionOIDs()).isNullOrEmpty();
		legacy.certificate().verify(legacy.certificate().getPublicKey());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("encodingsNoParserAccepts")
	void encodingNoParserAcceptsIsSignedByTheIssuerAndRefusedByTheJdk(String name, TestCertificate.Builder builder,
			String structure) throws Exception {
		byte[] der = builder.signedBy(root).encoded();
		// Read as plain DER: Bouncy Castle's certificate structures refuse it too.
		org.bouncycastle.asn1.ASN1Sequence parsed = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
		java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSA");
		signature.initVerify(root.certificate().getPublicKey());
		signature.update(parsed.getObjectAt(0).toASN1Primitive().getEncoded());
		assertThat(signature.verify(org.bouncycastle.asn1.ASN1BitString.getInstance(parsed.getObjectAt(2)).getOctets()))
			.isTrue();
		assertThat(HexFormat.of().formatHex(der)).containsPattern(structure);
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(java.security.cert.CertificateException.class)
			.isThrownBy(() -> CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
	}

	static Stream<Arguments> encodingsNoParserAccepts() {
		// version [0] INTEGER 1 (v2) followed later by the extensions [3]; the EKU extension twice
		return Stream.of(Arguments.of("v2 with extensions", TestCertificate.client("CN=v2").versionWithExtensions(2),
				"a003020101"),
				Arguments.of("duplicate extension", TestCertificate.client("CN=twice")
					.duplicateExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage), "0603551d25.*0603551d25"));
	}

	@Test
	void privateKeyPemIsPkcs8OfTheCertificatesKey() throws Exception {
		TestCertificate client = pki.client("CN=pem");
		String base64 = client.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		assertThat(client.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))))
			.isEqualTo(client.privateKey());
	}

	@Test
	void keyStoreAndSslBundleHoldTheKeyChainAndOnlyTheRootAsTrust() throws Exception {
		TestCertificate client = TestCertificate.client("CN=bundled").signedBy(issuing).build();
		KeyStore keyStore = client.keyStore("secret".toCharArray());
		assertThat(keyStore.getKey("key", "secret".toCharArray())).isEqualTo(client.privateKey());
		assertThat(keyStore.getCertificateChain("key")).hasSize(2);
		SslBundle bundle = client.sslBundle();
		assertThat(bundle.getStores().getKeyStore().getCertificateChain("key")[0]).isEqualTo(client.certificate());
		KeyStore trust = bundle.getStores().getTrustStore();
		assertThat(trust.size()).isEqualTo(1);
		assertThat(trust.getCertificate(trust.aliases().nextElement())).isEqualTo(root.certificate());
		assertThat(bundle.createSslContext().getProtocol()).isEqualTo("TLS");
	}

	@Test
	void opensslVerifiesASampleOfChains(@TempDir Path directory) throws Exception {
		assumeTrue(opensslAvailable(), "openssl is not on the PATH");
		Path rootPem = write(directory, "root.pem", root.certificatePem());
		Path issuingPem = write(directory, "issuing.pem", issuing.certificatePem());
		List<TestCertificate> sample = List.of(pki.client("CN=orders,O=Acme"),
				pki.client("CN=sans", (c) -> c.sanUri("spiffe://acme.test/x").sanIp("2001:db8::7").sanEmail("a@b.test")),
				pki.client("CN=rsa", (c) -> c.rsa(2048)), TestCertificate.client("CN=deep").signedBy(issuing).build());
		for (TestCertificate client : sample) {
			Path leaf = write(directory, "leaf.pem", client.certificatePem());
			assertThat(openssl("verify", "-purpose", "sslclient", "-CAfile", rootPem.toString(), "-untrusted",
					issuingPem.toString(), leaf.toString()))
				.as(client.subjectDn())
				.contains(": OK");
		}
		Path server = write(directory, "server.pem", pki.server().certificatePem());
		assertThat(openssl("verify", "-purpose", "sslserver", "-CAfile", rootPem.toString(), server.toString()))
			.contains(": OK");
		Path expired = write(directory, "expired.pem", pki.client("CN=expired", TestCertificate.Builder::expired).certificatePem());
		assertThat(openssl("verify", "-CAfile", rootPem.toString(), expired.toString())).contains("expired");
	}

	static List<X509Certificate> parse(String pem) throws Exception {
		List<X509Certificate> certificates = new ArrayList<>();
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
			.forEach((certificate) -> certificates.add((X509Certificate) certificate));
		return certificates;
	}

	static void validate(List<X509Certificate> chain, X509Certificate anchor, Date at) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		List<X509Certificate> path = chain.get(chain.size() - 1).equals(anchor) ? chain.subList(0, chain.size() - 1)
				: chain;
		CertPath certPath = factory.generateCertPath(path);
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
		parameters.setRevocationEnabled(false);
		parameters.setDate(at);
		CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
	}

	static CertPathValidatorException.Reason reasonRefused(List<X509Certificate> chain, X509Certificate anchor, Date at) {
		try {
			validate(chain, anchor, at);
		}
		catch (CertPathValidatorException ex) {
			return ex.getReason();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError("PKIX accepted the chain");
	}

	static boolean opensslAvailable() {
		try {
			return new ProcessBuilder("openssl", "version").start().waitFor(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			return false;
		}
	}

	static String openssl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	static Path write(Path directory, String name, String content) throws Exception {
		return Files.writeString(directory.resolve(name), content);
	}

}
