package io.github.mtls.path;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.jcajce.PKIXExtendedBuilderParameters;
import org.bouncycastle.jcajce.PKIXExtendedParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import io.github.mtls.test.pkits.Pkits;
import io.github.mtls.test.pkits.PkitsCrl;
import io.github.mtls.test.pkits.PkitsSettings;
import io.github.mtls.test.pkits.PkitsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Bouncy Castle's own PKIX certification path builder makes of NIST PKITS, with its own
 * revocation checking, as the JCA API uses it and with its delta-CRL option on: the second baseline
 * of {@code docs/conformance.md}. Each block gets exactly its own material, as in
 * {@link JdkPkitsBaseline}: the anchor, the pool and the CRLs in one {@link CertStore}, its policy
 * settings, nothing from the network. (The starter uses Bouncy Castle's engine for the path only,
 * with revocation off, and does the CRL processing itself.)
 */
class BouncyCastlePkitsBaselineTests {

	private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

	@Test
	void asTheJcaApiUsesItBouncyCastleMissesDeltaAndIndirectCrls() {
		List<String> failing = score(false);
		assertThat(failing).containsExactly("4.14.31", "4.14.32", "4.15.4", "4.15.5");
	}

	@Test
	void withDeltaCrlsOnBouncyCastleStillAcceptsCertificatesItsCrlIssuerRevoked() {
		List<String> failing = score(true);
		assertThat(failing).containsExactly("4.14.31", "4.14.32");
		assertThat(Pkits.test("4.14.31").expectedValid()).isFalse();
		assertThat(validate(Pkits.test("4.14.31"), true)).as("a false accept").isTrue();
	}

	private static List<String> score(boolean deltas) {
		Map<String, int[]> sections = new LinkedHashMap<>();
		List<String> failing = new ArrayList<>();
		for (PkitsTest test : Pkits.tests()) {
			boolean passed = validate(test, deltas) == test.expectedValid();
			int[] score = sections.computeIfAbsent(test.section(), (section) -> new int[2]);
			score[0] += passed ? 1 : 0;
			score[1]++;
			if (!passed) {
				failing.add(test.id());
			}
		}
		StringBuilder bySection = new StringBuilder();
		sections.forEach((section, score) -> bySection.append((bySection.length() > 0) ? ", " : "")
			.append(section).append('=').append(score[0]).append('/').append(score[1]));
		System.out.println("PKITS Bouncy Castle " + BOUNCY_CASTLE.getVersionStr() + " PKIX"
				+ (deltas ? " with delta CRLs" : "") + ": " + (Pkits.tests().size() - failing.size()) + "/"
				+ Pkits.tests().size() + " (failing: " + String.join(", ", failing) + "); by section {" + bySection + "}");
		return failing;
	}

	/** Whether Bouncy Castle builds and validates a path, revocation included. */
	private static boolean validate(PkitsTest test, boolean deltas) {
		try {
			List<Object> material = new ArrayList<>(test.intermediates());
			material.add(test.target());
			test.crls().stream().map(PkitsCrl::x509Crl).forEach(material::add);
			X509CertSelector target = new X509CertSelector();
			target.setCertificate(test.target());
			PKIXBuilderParameters parameters = new PKIXBuilderParameters(Set.of(new TrustAnchor(test.anchor(), null)),
					target);
			parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(material)));
			parameters.setDate(Date.from(Instant.now()));
			PkitsSettings settings = test.settings();
			// An empty set is any-policy to Bouncy Castle, as the JCA API defines it.
			parameters.setInitialPolicies(
					settings.initialPolicies().contains(PkitsSettings.ANY_POLICY) ? Set.of() : settings.initialPolicies());
			parameters.setExplicitPolicyRequired(settings.requireExplicitPolicy());
			parameters.setPolicyMappingInhibited(settings.inhibitPolicyMapping());
			parameters.setAnyPolicyInhibited(settings.inhibitAnyPolicy());
			parameters.setRevocationEnabled(true);
			CertPathBuilder builder = CertPathBuilder.getInstance("PKIX", BOUNCY_CASTLE);
			if (deltas) {
				builder.build(new PKIXExtendedBuilderParameters.Builder(
						new PKIXExtendedParameters.Builder(parameters).setUseDeltasEnabled(true).build()).build());
			}
			else {
				builder.build(parameters);
			}
			return true;
		}
		catch (CertPathBuilderException ex) {
			return false;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Bouncy Castle's PKIX builder is not usable", ex);
		}
	}

}
