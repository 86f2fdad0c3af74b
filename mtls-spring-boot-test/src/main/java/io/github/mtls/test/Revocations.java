package io.github.mtls.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The revocations of one certificate authority: the state that an {@link OcspResponder} and a
 * {@link CrlEndpoint} publish. Revoke a certificate and both say so on their next answer.
 *
 * <pre>{@code
 * Revocations revocations = Revocations.of(pki.root());
 * OcspResponder ocsp = OcspResponder.start(revocations);
 * TestCertificate client = pki.client("CN=orders", (c) -> c.ocspUrl(ocsp.url()));
 * revocations.revoke(client);
 * }</pre>
 */
public final class Revocations {

	private final TestCertificate issuer;

	private final Map<BigInteger, Entry> revoked = new ConcurrentHashMap<>();

	private final AtomicInteger version = new AtomicInteger(1);

	private Revocations(TestCertificate issuer) {
		this.issuer = issuer;
	}

	/** The (initially empty) revocations of {@code issuer}, which signs the OCSP responses and CRLs. */
	public static Revocations of(TestCertificate issuer) {
		return new Revocations(issuer);
	}

	public TestCertificate issuer() {
		return this.issuer;
	}

	/** Revokes a certificate now, reason keyCompromise. */
	public Revocations revoke(TestCertificate certificate) {
		return revoke(certificate, CRLReason.keyCompromise);
	}

	/** Revokes a certificate now with an RFC 5280 reason code ({@link CRLReason} constants). */
	public Revocations revoke(TestCertificate certificate, int reason) {
		return revoke(certificate.certificate().getSerialNumber(), Instant.now(), reason);
	}

	/** Revokes a serial number of this issuer at a given time. */
	public Revocations revoke(BigInteger serial, Instant at, int reason) {
		this.revoked.put(serial, new Entry(at, reason));
		this.version.incrementAndGet();
		return this;
	}

	/** Whether {@code serial} is revoked. */
	public boolean isRevoked(BigInteger serial) {
		return this.revoked.containsKey(serial);
	}

	/** The revocation of {@code serial}, or {@code null}. */
	Entry entry(BigInteger serial) {
		return this.revoked.get(serial);
	}

	/** Changes with every revocation: the CRL number and the CRL endpoint's ETag. */
	public int version() {
		return this.version.get();
	}

	/** A DER CRL of the current revocations, signed by the issuer. */
	public byte[] crl(Instant thisUpdate, Instant nextUpdate) {
		return crl(thisUpdate, nextUpdate, this.issuer);
	}

	/** A DER CRL naming the issuer but signed with {@code signer}'s key (for wrong-signer tests). */
	byte[] crl(Instant thisUpdate, Instant nextUpdate, TestCertificate signer) {
		try {
			X509Certificate ca = this.issuer.certificate();
			X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.getSubjectX500Principal(), Date.from(thisUpdate));
			builder.setNextUpdate(Date.from(nextUpdate));
			this.revoked.forEach((serial, entry) -> builder.addCRLEntry(serial, Date.from(entry.at()), entry.reason()));
			builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(version())));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
			return builder
				.build(new JcaContentSignerBuilder(TestCertificate.Builder.signatureAlgorithm(signer.keyPair()))
					.build(signer.privateKey()))
				.getEncoded();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot build the CRL", ex);
		}
	}

	record Entry(Instant at, int reason) {
	}

}
