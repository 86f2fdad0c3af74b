package io.github.mtls.test.pkits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mtls.test.TestCertificate;

/**
 * One PKITS test block: validate {@link #target()} to {@link #anchor()} with the certificates of
 * {@link #intermediates()} and the CRLs of {@link #crls()}, under {@link #settings()}, and expect
 * {@link #expectedValid()}. Nothing is fetched from the network.
 *
 * @param id the PKITS test number, e.g. {@code 4.4.3}; a test with several sub-parts repeats its
 * number with {@code #2}, {@code #3}, …
 * @param title the test's name in PKITS.pdf
 * @param section the section, e.g. {@code 4.15} (delta CRLs)
 * @param anchor the trust anchor's certificate (always {@code TrustAnchorRootCertificate})
 * @param intermediates every other certificate the block supplies, in the suite's order: an
 * unordered pool that can hold CRL signers and key-rollover certificates off the path
 * @param target the certificate to validate
 * @param crls every CRL the block supplies
 * @param expectedValid whether the path is valid by RFC 5280 under {@link #settings()}; five valid
 * blocks have a CA as the target (see {@link #targetIsCa()})
 * @param settings the path-validation inputs
 */
public record PkitsTest(String id, String title, String section, X509Certificate anchor,
		List<X509Certificate> intermediates, X509Certificate target, List<PkitsCrl> crls, boolean expectedValid,
		PkitsSettings settings) {

	public PkitsTest {
		intermediates = List.copyOf(intermediates);
		crls = List.copyOf(crls);
	}

	/**
	 * Whether the target is a CA certificate (basicConstraints cA true). Such a path can be valid,
	 * but an mTLS client identity must never be a CA, so a starter refuses it by its leaf policy.
	 */
	public boolean targetIsCa() {
		return this.target.getBasicConstraints() != -1;
	}

	/**
	 * The chain as a TLS stack or a proxy hands it over: the target first, then the whole
	 * intermediates pool in the suite's order (not necessarily a path).
	 */
	public X509Certificate[] chain() {
		List<X509Certificate> chain = new ArrayList<>(1 + this.intermediates.size());
		chain.add(this.target);
		chain.addAll(this.intermediates);
		return chain.toArray(X509Certificate[]::new);
	}

	/** The PEM of {@link #chain()}, target first, as a forwarded-chain header or a verify request carries it. */
	public String chainPem() {
		return TestCertificate.pem(chain());
	}

	/** The PEM of the trust anchor's certificate, for a trust bundle. */
	public String anchorPem() {
		return TestCertificate.pem(this.anchor);
	}

	/**
	 * Writes the block's CRLs as DER files named after the suite's CRLs ({@code GoodCACRL.crl}),
	 * for a validator that reads local CRL files.
	 * @param directory an existing directory
	 * @return the files, in the order of {@link #crls()}
	 */
	public List<Path> writeCrlFiles(Path directory) {
		List<Path> files = new ArrayList<>(this.crls.size());
		try {
			for (PkitsCrl crl : this.crls) {
				files.add(Files.write(directory.resolve(crl.fileName()), crl.der()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.copyOf(files);
	}

	/**
	 * The properties with which an application validates this block as PKITS asks: the anchor as
	 * the client trust bundle {@code pkits}, the CRLs as local CRL files, revocation CRL-only and
	 * fail-closed with a source required, the block's path-validation inputs as
	 * {@code mtls.trust.policies.*}, and the target pinned by fingerprint as identity {@code target}.
	 * @param directory an existing directory for the anchor's PEM and the CRL files
	 * @return property names and values, in a stable order
	 */
	public Map<String, String> starterProperties(Path directory) {
		Map<String, String> properties = new LinkedHashMap<>();
		try {
			Path anchorFile = Files.writeString(directory.resolve("anchor.pem"), anchorPem());
			properties.put("spring.ssl.bundle.pem.pkits.truststore.certificate", "file:" + anchorFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		properties.put("mtls.trust.bundle", "pkits");
		// PKITS (2011) follows RFC 3280: its CAs mark policy and basic constraints non-critical,
		// which RFC 5280 section 4 requires critical and only the compatible profile relaxes.
		properties.put("mtls.trust.profile", "compatible");
		properties.put("mtls.identities.target.fingerprint-sha256", sha256(this.target));
		properties.put("mtls.revocation.mode", "crl");
		properties.put("mtls.revocation.failure-policy", "fail-closed");
		properties.put("mtls.revocation.require-source", "true");
		properties.put("mtls.trust.policies.require-explicit", String.valueOf(this.settings.requireExplicitPolicy()));
		properties.put("mtls.trust.policies.inhibit-mapping", String.valueOf(this.settings.inhibitPolicyMapping()));
		properties.put("mtls.trust.policies.inhibit-any", String.valueOf(this.settings.inhibitAnyPolicy()));
		List<String> policies = List.copyOf(this.settings.initialPolicies());
		for (int i = 0; i < policies.size(); i++) {
			properties.put("mtls.trust.policies.initial[" + i + "]", policies.get(i));
		}
		List<Path> crlFiles = writeCrlFiles(directory);
		for (int i = 0; i < crlFiles.size(); i++) {
			properties.put("mtls.revocation.crl.files[" + i + "]", crlFiles.get(i).toString());
		}
		return properties;
	}

	private static String sha256(X509Certificate certificate) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The id and the title, e.g. {@code 4.1.1 Valid Signatures Test1}: the display name of a parameterised test. */
	@Override
	public String toString() {
		return this.id + " " + this.title;
	}

}
