package io.github.mtls.benchmarks.path;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.test.TestCertificate;

/**
 * The PKI the path benchmarks run on, all in one key type (P-256 or RSA-2048, every signature on
 * the path in that type): a root (the trust anchor), up to two intermediate CAs below it and a
 * client certificate at the bottom. Certificates are kept as DER and re-read through the JDK's
 * {@code CertificateFactory}, the implementation Tomcat and the proxy decoders hand to the pipeline.
 */
final class BenchmarkPki {

	static final String ROOT_DN = "CN=Bench Path Root CA,O=Bench Corp";

	static final String INTERMEDIATE_DN = "CN=Bench Issuing CA,O=Bench Corp";

	static final String SUB_CA_DN = "CN=Bench Client CA,OU=payments,O=Bench Corp";

	final String keyType;

	final TestCertificate root;

	final TestCertificate intermediate;

	final TestCertificate subCa;

	/**
	 * @param keyType {@code ec} (P-256) or {@code rsa} (RSA-2048)
	 */
	BenchmarkPki(String keyType) {
		this.keyType = keyType;
		this.root = keys(TestCertificate.authority(ROOT_DN)).build();
		this.intermediate = keys(TestCertificate.authority(INTERMEDIATE_DN).signedBy(this.root)).build();
		this.subCa = keys(TestCertificate.authority(SUB_CA_DN).signedBy(this.intermediate)).build();
	}

	TestCertificate.Builder keys(TestCertificate.Builder builder) {
		return "rsa".equals(this.keyType) ? builder.rsa(2048) : builder;
	}

	/**
	 * A client certificate whose path to the root holds {@code length} certificates (the client's
	 * included, the root excluded): leaf first.
	 */
	List<TestCertificate> path(int length, String subjectDn) {
		TestCertificate issuer = switch (length) {
			case 1 -> this.root;
			case 2 -> this.intermediate;
			case 3 -> this.subCa;
			default -> throw new IllegalArgumentException("paths of 1 to 3 certificates, not " + length);
		};
		List<TestCertificate> path = new ArrayList<>();
		path.add(keys(TestCertificate.client(subjectDn).signedBy(issuer)).build());
		for (TestCertificate ca = issuer; ca != this.root; ca = ca.issuer()) {
			path.add(ca);
		}
		return path;
	}

	static byte[][] der(List<TestCertificate> certificates) {
		byte[][] der = new byte[certificates.size()][];
		for (int i = 0; i < der.length; i++) {
			try {
				der[i] = certificates.get(i).certificate().getEncoded();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return der;
	}

	/**
	 * New certificate instances from DER, as a new TLS session or a first decoding of a header makes
	 * them, so that nothing a previous validation may have left on an instance is reused
	 * ({@link CpuTimePerValidation} measures the same validation on kept instances as a control).
	 */
	static byte[][] der(X509Certificate[] certificates) {
		byte[][] der = new byte[certificates.length][];
		for (int i = 0; i < der.length; i++) {
			try {
				der[i] = certificates[i].getEncoded();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return der;
	}

	static X509Certificate[] parse(byte[][] der) {
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			X509Certificate[] certificates = new X509Certificate[der.length];
			for (int i = 0; i < der.length; i++) {
				certificates[i] = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der[i]));
			}
			return certificates;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
