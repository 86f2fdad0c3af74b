package io.github.mtls.identity;

import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.function.Function;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * Refuses a certificate with an extension the decision reads but that cannot be read. The JDK
 * keeps a non-critical extension it cannot parse as opaque bytes and then reports it as absent
 * ({@code getExtendedKeyUsage()} is {@code null}): a broken extended key usage would read as "no
 * restriction". Revocation sources (CRL distribution points, authority information access) are
 * checked where revocation reads them, so the failure policy decides.
 */
final class UnreadableExtensions {

	/** Each extension the facts, the leaf policy or path validation read, with a strict parser. */
	private static final Map<ASN1ObjectIdentifier, Function<ASN1Primitive, ?>> READ = Map.of(
			Extension.extendedKeyUsage, ExtendedKeyUsage::getInstance, Extension.keyUsage, KeyUsage::getInstance,
			Extension.subjectAlternativeName, GeneralNames::getInstance, Extension.basicConstraints,
			BasicConstraints::getInstance, Extension.certificatePolicies, CertificatePolicies::getInstance,
			Extension.nameConstraints, NameConstraints::getInstance);

	private UnreadableExtensions() {
	}

	static void check(X509Certificate certificate) throws CertificateParsingException {
		for (Map.Entry<ASN1ObjectIdentifier, Function<ASN1Primitive, ?>> extension : READ.entrySet()) {
			byte[] encoded = certificate.getExtensionValue(extension.getKey().getId());
			if (encoded == null) {
				continue;
			}
			try {
				extension.getValue().apply(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(encoded).getOctets()));
			}
			catch (IOException | RuntimeException ex) {
				throw unreadable(extension.getKey());
			}
		}
		// What Bouncy Castle reads, the JDK must read too: the facts come from the JDK's getters.
		if ((certificate.getExtensionValue(Extension.extendedKeyUsage.getId()) != null
				&& certificate.getExtendedKeyUsage() == null)) {
			throw unreadable(Extension.extendedKeyUsage);
		}
		if (certificate.getExtensionValue(Extension.keyUsage.getId()) != null && certificate.getKeyUsage() == null) {
			throw unreadable(Extension.keyUsage);
		}
		if (certificate.getExtensionValue(Extension.subjectAlternativeName.getId()) != null
				&& certificate.getSubjectAlternativeNames() == null) {
			throw unreadable(Extension.subjectAlternativeName);
		}
	}

	private static CertificateParsingException unreadable(ASN1ObjectIdentifier oid) {
		return new CertificateParsingException("unreadable certificate extension " + oid.getId());
	}

}
