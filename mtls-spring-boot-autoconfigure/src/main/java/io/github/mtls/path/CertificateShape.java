package io.github.mtls.path;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.jspecify.annotations.Nullable;

/**
 * The extensions of one certificate as encoded, read from the DER rather than through the JDK's
 * getters: the JDK drops the extensions of a v1 certificate and keeps only one of two extensions
 * with the same OID, so neither breach would be visible through it.
 *
 * @param certificate the certificate
 * @param extensions each extension by OID, the first of duplicates
 * @param duplicate the OID of an extension that appears twice, if one does
 * @param ca whether basic constraints assert cA
 */
record CertificateShape(X509Certificate certificate, Map<ASN1ObjectIdentifier, Extension> extensions,
		@Nullable ASN1ObjectIdentifier duplicate, boolean ca) {

	static CertificateShape of(X509Certificate certificate) throws IOException, GeneralSecurityException {
		ASN1Sequence tbs = ASN1Sequence
			.getInstance(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(certificate.getEncoded())).getObjectAt(0));
		Map<ASN1ObjectIdentifier, Extension> extensions = new LinkedHashMap<>();
		ASN1ObjectIdentifier duplicate = null;
		for (ASN1Encodable element : tbs) {
			if (element instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
				for (ASN1Encodable encoded : ASN1Sequence.getInstance(tagged.getExplicitBaseObject())) {
					Extension extension = Extension.getInstance(encoded);
					if (extensions.putIfAbsent(extension.getExtnId(), extension) != null && duplicate == null) {
						duplicate = extension.getExtnId();
					}
				}
			}
		}
		Extension basicConstraints = extensions.get(Extension.basicConstraints);
		boolean ca = basicConstraints != null
				&& BasicConstraints.getInstance(basicConstraints.getParsedValue()).isCA();
		return new CertificateShape(certificate, Map.copyOf(extensions), duplicate, ca);
	}

	@Nullable Extension extension(ASN1ObjectIdentifier oid) {
		return this.extensions.get(oid);
	}

	@Nullable ASN1Primitive value(ASN1ObjectIdentifier oid) {
		Extension extension = this.extensions.get(oid);
		return (extension != null) ? extension.getParsedValue().toASN1Primitive() : null;
	}

	boolean selfIssued() {
		return Names.sameName(this.certificate.getSubjectX500Principal(), this.certificate.getIssuerX500Principal());
	}

	/** Self-issued and verified by its own key (RFC 5280 3.2): the one kind exempt from an AKI. */
	boolean selfSigned() {
		if (!selfIssued()) {
			return false;
		}
		try {
			this.certificate.verify(this.certificate.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	String subject() {
		return this.certificate.getSubjectX500Principal().getName();
	}

}
