package io.github.mtls.test.pkits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PkitsTests {

	@Test
	void theTableHoldsAll249BlocksInTheSuitesOrder() {
		List<PkitsTest> tests = Pkits.tests();
		assertThat(tests).hasSize(249);
		assertThat(tests.get(0).id()).isEqualTo("4.1.1");
		assertThat(tests.get(0).title()).isEqualTo("Valid Signatures Test1");
		assertThat(tests.get(248).section()).isEqualTo("4.16");
		assertThat(tests).extracting(PkitsTest::id).doesNotHaveDuplicates();
	}

	@Test
	void countsMatchTheReadme() {
		List<PkitsTest> tests = Pkits.tests();
		List<PkitsTest> defaults = tests.stream().filter((t) -> t.settings().isDefault()).toList();
		assertThat(defaults).hasSize(214);
		assertThat(defaults).filteredOn(PkitsTest::expectedValid).hasSize(93);
		assertThat(tests.stream().filter((t) -> !t.settings().isDefault())).hasSize(35);
		assertThat(defaults.stream().filter((t) -> List.of("4.4", "4.14", "4.15").contains(t.section())))
			.hasSize(66);
	}

	@Test
	void fiveValidBlocksHaveACaAsTarget() {
		assertThat(Pkits.tests()).filteredOn((t) -> t.expectedValid() && t.targetIsCa())
			.extracting(PkitsTest::id)
			.containsExactly("4.6.8", "4.6.14", "4.8.6", "4.8.6#2", "4.14.13");
	}

	@Test
	void aBlockCarriesItsAnchorPoolTargetAndCrls() {
		PkitsTest test = Pkits.test("4.1.5");
		assertThat(test.toString()).isEqualTo("4.1.5 Valid DSA Parameter Inheritance Test5");
		assertThat(test.anchor()).isSameAs(Pkits.anchor());
		assertThat(test.anchor().getSubjectX500Principal().getName()).isEqualTo("CN=Trust Anchor,O=Test Certificates 2011,C=US");
		assertThat(test.intermediates()).extracting(PkitsTests::commonName)
			.containsExactly("DSA CA", "DSA Parameters Inherited CA");
		assertThat(commonName(test.target())).isEqualTo("Valid DSA Parameter Inheritance EE Certificate Test5");
		assertThat(test.crls()).extracting(PkitsCrl::name)
			.containsExactly("TrustAnchorRootCRL", "DSACACRL", "DSAParametersInheritedCACRL");
		assertThat(test.crls().get(1).x509Crl().getIssuerX500Principal().getName())
			.isEqualTo("CN=DSA CA,O=Test Certificates 2011,C=US");
		assertThat(test.expectedValid()).isTrue();
		assertThat(test.targetIsCa()).isFalse();
		assertThat(test.settings()).isEqualTo(PkitsSettings.DEFAULTS);
	}

	@Test
	void theChainIsTheTargetThenThePoolInTheSuitesOrder() {
		PkitsTest test = Pkits.test("4.1.5");
		X509Certificate[] chain = test.chain();
		assertThat(chain).containsExactly(test.target(), test.intermediates().get(0), test.intermediates().get(1));
		assertThat(test.chainPem()).startsWith("-----BEGIN CERTIFICATE-----")
			.containsPattern("(?s)(-----BEGIN CERTIFICATE-----.*){3}");
		assertThat(Pkits.anchorPem()).isEqualTo(test.anchorPem()).startsWith("-----BEGIN CERTIFICATE-----");
	}

	@Test
	void settingsOfAPolicyBlockAreMappedToOids() {
		PkitsSettings settings = Pkits.test("4.8.1#3").settings();
		assertThat(settings.initialPolicies()).containsExactly("2.16.840.1.101.3.2.1.48.2");
		assertThat(settings.requireExplicitPolicy()).isTrue();
		assertThat(settings.inhibitPolicyMapping()).isFalse();
		assertThat(settings.inhibitAnyPolicy()).isFalse();
		assertThat(settings.isDefault()).isFalse();
		assertThat(Pkits.test("4.8.1#3").expectedValid()).isFalse();
	}

	@Test
	void everyFlagAndPolicyNameOfTheSuiteIsRead() {
		Map<String, Long> policies = Pkits.tests()
			.stream()
			.flatMap((t) -> t.settings().initialPolicies().stream())
			.collect(Collectors.groupingBy((oid) -> oid, TreeMap::new, Collectors.counting()));
		assertThat(policies.keySet()).allMatch((oid) -> oid.equals(PkitsSettings.ANY_POLICY)
				|| oid.matches("2\\.16\\.840\\.1\\.101\\.3\\.2\\.1\\.48\\.[1-9][0-9]*"));
		assertThat(policies).containsKeys("2.16.840.1.101.3.2.1.48.1", "2.16.840.1.101.3.2.1.48.6");
		assertThat(Pkits.tests()).anyMatch((t) -> t.settings().inhibitPolicyMapping());
		assertThat(Pkits.tests()).anyMatch((t) -> t.settings().inhibitAnyPolicy());
		assertThat(Pkits.tests()).anyMatch((t) -> t.settings().requireExplicitPolicy());
	}

	@Test
	void policyNamesMapToNistOids() {
		assertThat(PkitsSettings.oid("NIST-test-policy-1")).isEqualTo("2.16.840.1.101.3.2.1.48.1");
		assertThat(PkitsSettings.oid("NIST-test-policy-10")).isEqualTo("2.16.840.1.101.3.2.1.48.10");
		assertThat(PkitsSettings.oid("anyPolicy")).isEqualTo("2.5.29.32.0");
		assertThatIllegalArgumentException().isThrownBy(() -> PkitsSettings.oid("NIST-test-policy-"));
		assertThatIllegalArgumentException().isThrownBy(() -> PkitsSettings.oid("any-policy"));
	}

	@Test
	void crlFilesAreWrittenAsDerNamedAfterTheSuitesCrls(@TempDir Path directory) throws Exception {
		PkitsTest test = Pkits.test("4.15.4");
		List<Path> files = test.writeCrlFiles(directory);
		assertThat(files).extracting((f) -> f.getFileName().toString())
			.containsExactlyElementsOf(test.crls().stream().map(PkitsCrl::fileName).toList());
		for (int i = 0; i < files.size(); i++) {
			assertThat(Files.readAllBytes(files.get(i))).isEqualTo(test.crls().get(i).der());
		}
	}

	@Test
	void crlDerCannotBeChangedByItsReader() {
		PkitsCrl crl = Pkits.test("4.1.1").crls().get(0);
		byte[] der = crl.der();
		Arrays.fill(der, (byte) 0);
		assertThat(crl.der()).isNotEqualTo(der);
	}

	@Test
	void anUnknownIdIsNamed() {
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> Pkits.test("4.99.1"))
			.withMessageContaining("4.99.1");
	}

	private static String commonName(X509Certificate certificate) {
		String dn = certificate.getSubjectX500Principal().getName();
		return dn.substring(3, dn.indexOf(','));
	}

}
