package io.github.mtls.path;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Configured CA certificates (trust anchors, or intermediates that are not anchors) indexed by
 * subject, each with its subject key identifier read once.
 *
 * <p>A CA renewed with a new key keeps its name, so several certificates per name are normal. The
 * issuer of a certificate is chosen among them by key (RFC 5280 4.2.1.1: the authority key
 * identifier names the issuer's key) before any path is validated, so that same-named CAs with
 * other keys cost a byte comparison each and no share of {@code max-candidate-paths}.
 */
final class Issuers {

	private final List<X509Certificate> certificates;

	private final Set<X509Certificate> members;

	private final Map<X500Principal, List<Issuer>> bySubject = new HashMap<>();

	Issuers(Collection<X509Certificate> certificates) {
		this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
		this.members = Set.copyOf(this.certificates);
		for (X509Certificate certificate : this.certificates) {
			this.bySubject.computeIfAbsent(certificate.getSubjectX500Principal(), (subject) -> new ArrayList<>(1))
				.add(new Issuer(certificate, subjectKeyIdentifier(certificate)));
		}
	}

	List<X509Certificate> certificates() {
		return this.certificates;
	}

	boolean contains(X509Certificate certificate) {
		return this.members.contains(certificate);
	}

	/**
	 * The certificates named like the issuer of {@code child}, in configuration order.
	 */
	List<Issuer> named(X509Certificate child) {
		List<Issuer> named = this.bySubject.get(child.getIssuerX500Principal());
		if (named == null) {
			return List.of();
		}
		List<Issuer> same = new ArrayList<>(named.size());
		for (Issuer issuer : named) {
			// The map's key (X500Principal.equals) folds look-alike names together.
			if (Names.sameName(issuer.certificate().getSubjectX500Principal(), child.getIssuerX500Principal())) {
				same.add(issuer);
			}
		}
		return same;
	}

	/** The key identifier in a certificate's subject key identifier extension, if readable. */
	static byte @Nullable [] subjectKeyIdentifier(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
		try {
			return (extension != null) ? SubjectKeyIdentifier
				.getInstance(ASN1OctetString.getInstance(extension).getOctets())
				.getKeyIdentifier() : null;
		}
		catch (RuntimeException ex) {
			return null; // unreadable: the signature decides instead
		}
	}

	/** The key identifier in a certificate's authority key identifier extension, if present and readable. */
	static byte @Nullable [] authorityKeyIdentifier(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
		try {
			return (extension != null) ? AuthorityKeyIdentifier
				.getInstance(ASN1OctetString.getInstance(extension).getOctets())
				.getKeyIdentifier() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Whether {@code issuer}'s key verifies {@code certificate}'s signature. */
	static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
		try {
			certificate.verify(issuer.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A configured CA certificate.
	 *
	 * @param certificate the certificate
	 * @param keyIdentifier its subject key identifier, or {@code null} when it has none
	 */
	record Issuer(X509Certificate certificate, byte @Nullable [] keyIdentifier) {

		/**
		 * Whether the child's authority key identifier names this key; {@code null} when either
		 * side has no identifier and only the signature can tell.
		 */
		@Nullable Boolean identifies(byte @Nullable [] authorityKeyIdentifier) {
			if (authorityKeyIdentifier == null || this.keyIdentifier == null) {
				return null;
			}
			return Arrays.equals(authorityKeyIdentifier, this.keyIdentifier);
		}

	}

}
