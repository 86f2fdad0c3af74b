package io.github.mtls.test;

import java.util.List;
import java.util.function.Function;

/**
 * How an {@link Identity} is pinned: each constant names one {@code mtls.identities.<name>.*}
 * property and takes its value from the identity's {@link TestCertificate}, so a test never pastes
 * a fingerprint.
 */
public enum Selector {

	/** {@code subject-dn}: the certificate's subject. */
	SUBJECT_DN("subject-dn", (certificate) -> List.of(certificate.subjectDn())),

	/** {@code issuer-dn}: the issuing CA's subject; restricts the other selectors to that CA. */
	ISSUER_DN("issuer-dn", (certificate) -> List.of(certificate.issuerDn())),

	/** {@code san-dns}: every DNS subject alternative name of the identity. */
	SAN_DNS("san-dns", TestCertificate::sanDns),

	/** {@code san-uri}: every URI subject alternative name (SPIFFE ID) of the identity. */
	SAN_URI("san-uri", TestCertificate::sanUri),

	/** {@code san-email}: every email subject alternative name of the identity. */
	SAN_EMAIL("san-email", TestCertificate::sanEmail),

	/** {@code san-ip}: every IP address subject alternative name of the identity. */
	SAN_IP("san-ip", TestCertificate::sanIp),

	/** {@code fingerprint-sha256}: this very certificate. */
	FINGERPRINT_SHA256("fingerprint-sha256", (certificate) -> List.of(certificate.sha256())),

	/** {@code spki-sha256}: the certificate's public key. */
	SPKI_SHA256("spki-sha256", (certificate) -> List.of(certificate.spkiSha256())),

	/** {@code serial}: the serial number; {@link #ISSUER_DN} is pinned with it, as the starter requires. */
	SERIAL("serial", (certificate) -> List.of(certificate.serialHex()));

	private final String property;

	private final Function<TestCertificate, List<String>> values;

	Selector(String property, Function<TestCertificate, List<String>> values) {
		this.property = property;
		this.values = values;
	}

	/** The property name under {@code mtls.identities.<name>}. */
	public String property() {
		return this.property;
	}

	/** The values the certificate offers for this selector (empty when it has none). */
	public List<String> values(TestCertificate certificate) {
		return this.values.apply(certificate);
	}

}
