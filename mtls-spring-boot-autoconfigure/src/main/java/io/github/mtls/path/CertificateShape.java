package io.github.mtls.path;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyMappings;
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
 * @param unreadable the OID of an extension path validation reads that cannot be read as its type
 */
record CertificateShape(X509Certificate certificate, Map<ASN1ObjectIdentifier, Extension> extensions,
		@Nullable ASN1ObjectIdentifier duplicate, boolean ca, @Nullable ASN1ObjectIdentifier unreadable) {

	/**
	 * Each extension the profile or PKIX reads, with a strict parser. The JDK keeps a non-critical
	 * extension it cannot parse as opaque bytes and its getter then answers "absent" (issue 16): a
	 * broken key usage in an intermediate would read as "no restriction" to PKIX.
	 */
	private static final Map<ASN1ObjectIdentifier, Function<ASN1Primitive, ?>> READ = Map.ofEntries(
			Map.entry(Extension.basicConstraints, BasicConstraints::getInstance),
			Map.entry(Extension.keyUsage, KeyUsage::getInstance),
			Map.entry(Extension.extendedKeyUsage, ExtendedKeyUsage::getInstance),
			Map.entry(Extension.nameConstraints, NameConstraints::getInstance),
			Map.entry(Extension.certificatePolicies, CertificatePolicies::getInstance),
			Map.entry(Extension.policyMappings, PolicyMappings::getInstance),
			Map.entry(Extension.policyConstraints, PolicyConstraints::getInstance),
			Map.entry(Extension.inhibitAnyPolicy, ASN1Integer::getInstance),
			Map.entry(Extension.subjectAlternativeName, GeneralNames::getInstance),
			Map.entry(Extension.authorityKeyIdentifier, AuthorityKeyIdentifier::getInstance),
			Map.entry(Extension.subjectKeyIdentifier, ASN1OctetString::getInstance));

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
		ASN1ObjectIdentifier unreadable = unreadable(certificate, extensions);
		Extension basicConstraints = extensions.get(Extension.basicConstraints);
		boolean ca = unreadable == null && basicConstraints != null
				&& BasicConstraints.getInstance(basicConstraints.getParsedValue()).isCA();
		return new CertificateShape(certificate, Map.copyOf(extensions), duplicate, ca, unreadable);
	}

	private static @Nullable ASN1ObjectIdentifier unreadable(X509Certificate certificate,
			Map<ASN1ObjectIdentifier, Extension> extensions) {
		for (Map.Entry<ASN1ObjectIdentifier, Function<ASN1Primitive, ?>> read : READ.entrySet()) {
			Extension extension = extensions.get(read.getKey());
			try {
				if (extension != null) {
					read.getValue().apply(ASN1Primitive.fromByteArray(extension.getExtnValue().getOctets()));
				}
			}
			catch (IOException | RuntimeException ex) {
				return read.getKey();
			}
		}
		// What Bouncy Castle reads, the JDK's getters (which PKIX and the profile use) must read too.
		boolean keyUsageLost = extensions.containsKey(Extension.keyUsage) && certificate.getKeyUsage() == null;
		return keyUsageLost ? Extension.keyUsage : null;
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
