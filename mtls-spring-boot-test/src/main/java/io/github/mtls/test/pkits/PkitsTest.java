package io.github.mtls.test.pkits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

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

	/** The id and the title, e.g. {@code 4.1.1 Valid Signatures Test1}: the display name of a parameterised test. */
	@Override
	public String toString() {
		return this.id + " " + this.title;
	}

}
