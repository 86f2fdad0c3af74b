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

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.jspecify.annotations.Nullable;

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
 *
 * CRLs carry a cRLNumber ({@link #version()}); {@link #deltaCrl delta CRLs} list what changed since
 * a base, including certificates {@link #release(TestCertificate) released from hold}.
 */
public final class Revocations {

	private final TestCertificate issuer;

	private final Map<BigInteger, Entry> revoked = new ConcurrentHashMap<>();

	private final Map<BigInteger, Integer> released = new ConcurrentHashMap<>();

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
		synchronized (this.version) {
			this.released.remove(serial);
			this.revoked.put(serial, new Entry(at, reason, this.version.incrementAndGet()));
		}
		return this;
	}

	/** Puts a certificate on hold now (reason certificateHold): revoked until {@link #release released}. */
	public Revocations hold(TestCertificate certificate) {
		return revoke(certificate, CRLReason.certificateHold);
	}

	/**
	 * Releases a certificate from hold: it is valid again. Complete CRLs no longer list it; a delta
	 * CRL whose base listed it says {@code removeFromCRL} (RFC 5280 5.3.1).
	 * @throws IllegalStateException when the certificate is not on hold
	 */
	public Revocations release(TestCertificate certificate) {
		BigInteger serial = certificate.certificate().getSerialNumber();
		synchronized (this.version) {
			Entry entry = this.revoked.get(serial);
			if (entry == null || entry.reason() != CRLReason.certificateHold) {
				throw new IllegalStateException(certificate + " is not on hold");
			}
			this.revoked.remove(serial);
			this.released.put(serial, this.version.incrementAndGet());
		}
		return this;
	}

	/** Whether {@code serial} is revoked. */
	public boolean isRevoked(BigInteger serial) {
		return this.revoked.containsKey(serial);
	}

	/** The revocation of {@code serial}, or {@code null}. */
	@Nullable Entry entry(BigInteger serial) {
		return this.revoked.get(serial);
	}

	/**
	 * Changes with every revocation and release: the cRLNumber of the next CRL, the base number a
	 * delta CRL refers to, and the CRL endpoint's ETag.
	 */
	public int version() {
		return this.version.get();
	}

	/** A DER complete CRL of the current revocations, signed by the issuer, numbered {@link #version()}. */
	public byte[] crl(Instant thisUpdate, Instant nextUpdate) {
		return crl(thisUpdate, nextUpdate, null, Issuance.by(this.issuer));
	}

	/**
	 * A DER delta CRL (RFC 5280 5.2.4), signed by the issuer: numbered {@link #version()}, with a
	 * deltaCRLIndicator of {@code baseNumber}, listing the certificates revoked since the complete
	 * CRL of that number was issued and, as {@code removeFromCRL}, those released from hold since.
	 * @param baseNumber the cRLNumber of the complete CRL this delta updates (the {@link #version()}
	 * when that CRL was issued)
	 */
	public byte[] deltaCrl(int baseNumber, Instant thisUpdate, Instant nextUpdate) {
		return crl(thisUpdate, nextUpdate, baseNumber, Issuance.by(this.issuer));
	}

	/** A DER CRL naming the issuer but signed with {@code signer}'s key (for wrong-signer tests). */
	byte[] crl(Instant thisUpdate, Instant nextUpdate, TestCertificate signer) {
		return crl(thisUpdate, nextUpdate, null, Issuance.by(signer));
	}

	/**
	 * A DER CRL of the current revocations.
	 * @param baseNumber {@code null} for a complete CRL, else the base of a delta CRL
	 * @param issuance who issues and signs it, and what it announces
	 */
	byte[] crl(Instant thisUpdate, Instant nextUpdate, @Nullable Integer baseNumber, Issuance issuance) {
		try {
			X509Certificate ca = this.issuer.certificate();
			TestCertificate crlIssuer = issuance.indirectIssuer();
			X500Principal issuerName = (crlIssuer != null) ? crlIssuer.certificate().getSubjectX500Principal()
					: ca.getSubjectX500Principal();
			X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuerName, Date.from(thisUpdate));
			builder.setNextUpdate(Date.from(nextUpdate));
			int number;
			synchronized (this.version) {
				number = this.version.get();
				for (Map.Entry<BigInteger, Entry> revoked : this.revoked.entrySet()) {
					Entry entry = revoked.getValue();
					if (baseNumber == null || entry.version() > baseNumber) {
						builder.addCRLEntry(revoked.getKey(), Date.from(entry.at()),
								entryExtensions(entry.reason(), crlIssuer != null));
					}
				}
				if (baseNumber != null) {
					for (Map.Entry<BigInteger, Integer> released : this.released.entrySet()) {
						if (released.getValue() > baseNumber) {
							builder.addCRLEntry(released.getKey(), Date.from(thisUpdate),
									entryExtensions(CRLReason.removeFromCRL, crlIssuer != null));
						}
					}
				}
			}
			builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
			if (baseNumber != null) {
				builder.addExtension(Extension.deltaCRLIndicator, true,
						new CRLNumber(BigInteger.valueOf(baseNumber)));
			}
			else if (issuance.freshestCrlUrl() != null) {
				builder.addExtension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
						new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
								GeneralName.uniformResourceIdentifier, issuance.freshestCrlUrl()))), null, null) }));
			}
			if (crlIssuer != null) {
				builder.addExtension(Extension.issuingDistributionPoint, true,
						new IssuingDistributionPoint(null, false, false, null, true, false));
			}
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuance.signer().certificate()));
			return builder
				.build(issuance.signer().contentSigner())
				.getEncoded();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot build the CRL", ex);
		}
	}

	/**
	 * The reason code and, on an indirect CRL, the certificateIssuer (RFC 5280 5.3.3, critical):
	 * the entry is for a certificate of this issuer, not of the CRL's.
	 */
	private @Nullable Extensions entryExtensions(int reason, boolean indirect) throws IOException {
		ExtensionsGenerator extensions = new ExtensionsGenerator();
		if (reason != CRLReason.unspecified) {
			extensions.addExtension(Extension.reasonCode, false, CRLReason.lookup(reason));
		}
		if (indirect) {
			extensions.addExtension(Extension.certificateIssuer, true, new GeneralNames(
					new GeneralName(X500Name.getInstance(this.issuer.certificate().getSubjectX500Principal().getEncoded()))));
		}
		return extensions.isEmpty() ? null : extensions.generate();
	}

	/**
	 * Who issues and signs a CRL of these revocations, and what it announces.
	 * @param signer whose key signs the CRL: the issuer, a separate CRL signer with the issuer's
	 * name, or the indirect CRL issuer
	 * @param indirectIssuer the issuer of an indirect CRL, or {@code null} for a CRL issued in the
	 * CA's name
	 * @param freshestCrlUrl the delta CRL location a complete CRL names (freshestCRL), or {@code null}
	 */
	record Issuance(TestCertificate signer, @Nullable TestCertificate indirectIssuer, @Nullable String freshestCrlUrl) {

		static Issuance by(TestCertificate signer) {
			return new Issuance(signer, null, null);
		}

	}

	/** A revocation; {@code version} is the {@link #version()} it was made at. */
	record Entry(Instant at, int reason, int version) {
	}

}
