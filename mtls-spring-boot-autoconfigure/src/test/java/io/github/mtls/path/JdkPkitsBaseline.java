package io.github.mtls.path;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.test.pkits.PkitsCrl;
import io.github.mtls.test.pkits.PkitsSettings;
import io.github.mtls.test.pkits.PkitsTest;

/**
 * The JDK's own PKIX certification path builder (provider {@code SUN}) run over PKITS, as the
 * baseline that the starter's score is printed beside. Each block gets exactly its own material:
 * the anchor as a {@link TrustAnchor}, the intermediates pool and the CRLs in one
 * {@link CertStore}, and its policy settings. Revocation is on, CRL-only from that store: a
 * {@link PKIXRevocationChecker} with {@code PREFER_CRLS} and {@code NO_FALLBACK} never asks an
 * OCSP responder, and the JDK fetches CRLs from distribution points only under
 * {@code -Dcom.sun.security.enableCRLDP=true} (off by default), so nothing leaves the machine.
 * The JDK validates the path only, so a valid path to a CA target counts as valid.
 */
final class JdkPkitsBaseline {

	private final Clock clock;

	JdkPkitsBaseline(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The JDK's verdict on one block.
	 * @param test the block
	 * @return valid, or invalid with the JDK's message
	 */
	Verdict validate(PkitsTest test) {
		try {
			List<Object> material = new ArrayList<>(test.intermediates());
			material.add(test.target());
			test.crls().stream().map(PkitsCrl::x509Crl).forEach(material::add);
			X509CertSelector target = new X509CertSelector();
			target.setCertificate(test.target());
			PKIXBuilderParameters parameters = new PKIXBuilderParameters(
					Set.of(new TrustAnchor(test.anchor(), null)), target);
			parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(material)));
			parameters.setDate(Date.from(this.clock.instant()));
			PkitsSettings settings = test.settings();
			parameters.setInitialPolicies(settings.initialPolicies());
			parameters.setExplicitPolicyRequired(settings.requireExplicitPolicy());
			parameters.setPolicyMappingInhibited(settings.inhibitPolicyMapping());
			parameters.setAnyPolicyInhibited(settings.inhibitAnyPolicy());
			CertPathBuilder builder = CertPathBuilder.getInstance("PKIX", "SUN");
			PKIXRevocationChecker revocation = (PKIXRevocationChecker) builder.getRevocationChecker();
			revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
					PKIXRevocationChecker.Option.NO_FALLBACK));
			parameters.setRevocationEnabled(true);
			parameters.addCertPathChecker(revocation);
			builder.build(parameters);
			return Verdict.VALID;
		}
		catch (CertPathBuilderException ex) {
			return Verdict.invalid(message(ex));
		}
		catch (NoSuchAlgorithmException | NoSuchProviderException | InvalidAlgorithmParameterException ex) {
			throw new IllegalStateException("The JDK's PKIX builder is not usable", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The JDK's score on a table: a block passes when the JDK's verdict is the expected one.
	 * @param tests the blocks, e.g. {@code Pkits.tests()}
	 * @return the score by section and the failing ids, in the table's order
	 */
	Score score(List<PkitsTest> tests) {
		long start = System.nanoTime();
		Map<String, SectionScore> sections = new LinkedHashMap<>();
		List<String> failing = new ArrayList<>();
		for (PkitsTest test : tests) {
			boolean passed = validate(test).valid() == test.expectedValid();
			sections.merge(test.section(), new SectionScore(passed ? 1 : 0, 1), SectionScore::plus);
			if (!passed) {
				failing.add(test.id());
			}
		}
		return new Score(sections, failing, Duration.ofNanos(System.nanoTime() - start));
	}

	private static String message(Throwable ex) {
		StringBuilder message = new StringBuilder(String.valueOf(ex.getMessage()));
		// the builder wraps the checker's exception, which repeats its own cause's message
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null && message.indexOf(cause.getMessage()) < 0) {
				message.append(": ").append(cause.getMessage());
			}
		}
		return message.toString();
	}

	/**
	 * The JDK's verdict on a block.
	 * @param valid whether the JDK built and validated a path
	 * @param message why not, as the JDK says it; empty when valid
	 */
	record Verdict(boolean valid, String message) {

		static final Verdict VALID = new Verdict(true, "");

		static Verdict invalid(String message) {
			return new Verdict(false, message);
		}

	}

	/**
	 * @param passed blocks where the JDK's verdict is the expected one
	 * @param total blocks in the section
	 */
	record SectionScore(int passed, int total) {

		SectionScore plus(SectionScore other) {
			return new SectionScore(this.passed + other.passed, this.total + other.total);
		}

		@Override
		public String toString() {
			return this.passed + "/" + this.total;
		}

	}

	/**
	 * @param sections the score by PKITS section, in the table's order
	 * @param failing the ids of the blocks where the JDK's verdict is not the expected one
	 * @param elapsed the time the validations took
	 */
	record Score(Map<String, SectionScore> sections, List<String> failing, Duration elapsed) {

		Score {
			sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
			failing = List.copyOf(failing);
		}

		int passed() {
			return this.sections.values().stream().mapToInt(SectionScore::passed).sum();
		}

		int total() {
			return this.sections.values().stream().mapToInt(SectionScore::total).sum();
		}

		/** e.g. {@code 246/249 (failing: 4.10.13#3, 4.15.4, 4.15.5)}. */
		@Override
		public String toString() {
			return passed() + "/" + total() + " (failing: " + String.join(", ", this.failing) + ")";
		}

	}

}
