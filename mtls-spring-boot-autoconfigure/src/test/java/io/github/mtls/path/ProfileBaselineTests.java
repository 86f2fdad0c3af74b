package io.github.mtls.path;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.mtls.test.TestCertificate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JDK's PKIX ({@code CertPathValidator} "PKIX", provider {@code SUN}) and Bouncy Castle's
 * PKIX do with each chain of {@link CertificateProfileTests#breaches()}, measured in the build: the
 * same leaf, intermediate and anchor, revocation off, at the same time. The measured table must
 * equal the one in {@code docs/conformance.md}, row by row, so the page cannot drift when a JDK or
 * Bouncy Castle update changes a verdict.
 */
class ProfileBaselineTests {

	static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	@Test
	void documentedComparisonIsTheMeasuredOne() throws Exception {
		Map<String, String> rows = new LinkedHashMap<>();
		for (Arguments breach : CertificateProfileTests.breaches().toList()) {
			Object[] arguments = breach.get();
			String name = (String) arguments[0];
			ProfileRule rule = (ProfileRule) arguments[1];
			@SuppressWarnings("unchecked")
			TestCertificate leaf = ((Supplier<TestCertificate>) arguments[3]).get();
			rows.put(name, "| " + name + " | " + rule.section() + " | " + verdict(leaf, null) + " | "
					+ verdict(leaf, BOUNCY_CASTLE) + " | refused" + (rule.relaxable() ? " (accepted under `compatible`)" : "")
					+ " |");
		}
		rows.values().forEach(System.out::println);
		String page = Files.readString(Path.of("..", "docs", "conformance.md"));
		assertThat(page).contains(rows.values());
	}

	/** accepted or refused by {@code provider}'s PKIX ({@code null}: the JDK's default, SUN). */
	static String verdict(TestCertificate leaf, Provider provider) {
		try {
			List<X509Certificate> path = leaf.chain();
			PKIXParameters parameters = new PKIXParameters(
					Set.of(new TrustAnchor(CertificateProfileTests.root.certificate(), null)));
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(CertificateProfileTests.NOW));
			CertPathValidator validator = (provider != null) ? CertPathValidator.getInstance("PKIX", provider)
					: CertPathValidator.getInstance("PKIX");
			validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
			return "**accepted**";
		}
		catch (Exception ex) {
			return "refused";
		}
	}

}
