package io.github.mtls.identity;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;

/**
 * What the pipeline needs to know about a certificate, derived once per distinct certificate and
 * then reused: fingerprints, canonical names, subject alternative names and the
 * usage extensions that {@code CertificatePolicy} checks on every request.
 *
 * @param certificate the certificate itself
 * @param sha256 lowercase hex SHA-256 of the DER encoding
 * @param spkiSha256 base64 SHA-256 of the SubjectPublicKeyInfo
 * @param subject canonical subject DN ({@link Names#canonical(X500Principal)})
 * @param issuer canonical issuer DN
 * @param subjectName subject DN as RFC 2253, for logs and Actuator
 * @param issuerName issuer DN as RFC 2253
 * @param serial lowercase hex serial number without leading zeros
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sanDns DNS names, lowercase
 * @param sanUri URIs, as written (SPIFFE IDs)
 * @param sanEmail email addresses, domain lowercase
 * @param sanIp IP addresses in canonical text form
 * @param certificateAuthority whether basic constraints mark it as a CA certificate
 * @param extendedKeyUsage the key purpose OIDs of its extended key usage extension (a handful at
 * most, so a list), or {@code null} when it has none
 * @param keyUsage the bits of its key usage extension ({@code 1 << n} for bit {@code n} of RFC 5280
 * 4.2.1.3: digitalSignature is {@code 1}), or {@link #NO_KEY_USAGE} when it has none
 */
public record CertificateFacts(X509Certificate certificate, String sha256, String spkiSha256, String subject,
		String issuer, String subjectName, String issuerName, String serial, Instant notBefore, Instant notAfter,
		List<String> sanDns, List<String> sanUri, List<String> sanEmail, List<String> sanIp,
		boolean certificateAuthority, @Nullable List<String> extendedKeyUsage, int keyUsage) {

	/** The {@link #keyUsage() key usage} of a certificate without the extension. */
	public static final int NO_KEY_USAGE = -1;

	/**
	 * Derives the facts of a certificate.
	 * @param certificate the certificate
	 * @return its facts
	 * @throws CertificateParsingException when an extension cannot be read
	 */
	public static CertificateFacts of(X509Certificate certificate) throws CertificateParsingException {
		try {
			UnreadableExtensions.check(certificate);
			List<String> dns = new ArrayList<>();
			List<String> uri = new ArrayList<>();
			List<String> email = new ArrayList<>();
			List<String> ip = new ArrayList<>();
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names != null) {
				for (List<?> name : names) {
					Object value = name.get(1);
					if (!(value instanceof String text)) {
						continue;
					}
					switch ((Integer) name.get(0)) {
						case 1 -> email.add(Names.email(text));
						case 2 -> dns.add(Names.dns(text));
						case 6 -> uri.add(text);
						case 7 -> ip.add(Names.ip(text));
						default -> {
						}
					}
				}
			}
			return new CertificateFacts(certificate, sha256(certificate),
					Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded())),
					Names.canonical(certificate.getSubjectX500Principal()),
					Names.canonical(certificate.getIssuerX500Principal()),
					certificate.getSubjectX500Principal().getName(), certificate.getIssuerX500Principal().getName(),
					certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
					certificate.getNotAfter().toInstant(), List.copyOf(dns), List.copyOf(uri), List.copyOf(email),
					List.copyOf(ip), certificate.getBasicConstraints() != -1, extendedKeyUsage(certificate),
					keyUsage(certificate));
		}
		catch (CertificateParsingException ex) {
			throw ex;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new CertificateParsingException("Unreadable certificate: " + ex.getMessage(), ex);
		}
	}

	/** The first 16 hex digits of the SHA-256 fingerprint, enough to find a certificate in logs. */
	public String shortFingerprint() {
		return this.sha256.substring(0, 16);
	}

	/** Whether this is a self-issued certificate (its subject is its issuer). */
	public boolean selfIssued() {
		return this.subject.equals(this.issuer);
	}

	private static @Nullable List<String> extendedKeyUsage(X509Certificate certificate)
			throws CertificateParsingException {
		List<String> purposes = certificate.getExtendedKeyUsage();
		if (purposes == null) {
			return null;
		}
		// interned: the per-request comparison with a required OID is then mostly an identity check
		List<String> interned = new ArrayList<>(purposes.size());
		for (String purpose : purposes) {
			interned.add(purpose.intern());
		}
		return List.copyOf(interned);
	}

	private static int keyUsage(X509Certificate certificate) {
		boolean[] bits = certificate.getKeyUsage();
		if (bits == null) {
			return NO_KEY_USAGE;
		}
		int keyUsage = 0;
		for (int i = 0; i < Math.min(bits.length, Integer.SIZE - 1); i++) {
			if (bits[i]) {
				keyUsage |= 1 << i;
			}
		}
		return keyUsage;
	}

	/**
	 * The SHA-256 fingerprint of a certificate's DER encoding, lowercase hex, as everywhere in this
	 * project (identities, logs, Actuator).
	 * @throws CertificateEncodingException when the certificate cannot be encoded
	 */
	public static String sha256(X509Certificate certificate) throws CertificateEncodingException {
		return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
