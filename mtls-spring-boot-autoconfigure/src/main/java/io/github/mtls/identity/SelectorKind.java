package io.github.mtls.identity;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The ways a pinned identity recognises its certificate, each with its property name under
 * {@code mtls.identities.<name>}, the canonical form of configured values, and the values a
 * certificate offers.
 */
public enum SelectorKind {

	/** {@code subject-dn}: RFC 4514, compared as written ({@link Names#dn}). */
	SUBJECT_DN("subject-dn", Names::dn, (facts) -> List.of(facts.subject())),

	/**
	 * {@code issuer-dn}: restricts an identity to CAs of that name (a name, not a key: pin keys
	 * with {@code mtls.trust.anchors-sha256}); never an identity on its own.
	 */
	ISSUER_DN("issuer-dn", Names::dn, (facts) -> List.of(facts.issuer())),

	/** {@code san-dns}: a DNS subject alternative name. */
	SAN_DNS("san-dns", Names::dns, CertificateFacts::sanDns),

	/** {@code san-uri}: a URI subject alternative name, such as a SPIFFE ID. */
	SAN_URI("san-uri", Names::uri, CertificateFacts::sanUri),

	/**
	 * {@code spiffe-id}: the certificate's SPIFFE ID (its {@code spiffe://} URI SAN), exactly, checked by
	 * the SPIFFE-ID rules at startup.
	 */
	SPIFFE_ID("spiffe-id", SpiffeIds::id, (facts) -> SpiffeIds.idsOf(facts.sanUri())),

	/**
	 * {@code spiffe-trust-domain}: every workload of one trust domain; only when written explicitly,
	 * never implied by another selector.
	 */
	SPIFFE_TRUST_DOMAIN("spiffe-trust-domain", SpiffeIds::trustDomain,
			(facts) -> SpiffeIds.trustDomainsOf(facts.sanUri())),

	/** {@code san-email}: an email (rfc822Name) subject alternative name. */
	SAN_EMAIL("san-email", Names::email, CertificateFacts::sanEmail),

	/** {@code san-ip}: an IP address subject alternative name. */
	SAN_IP("san-ip", Names::ip, CertificateFacts::sanIp),

	/** {@code fingerprint-sha256}: the certificate's SHA-256 fingerprint. */
	FINGERPRINT_SHA256("fingerprint-sha256", Names::sha256Hex, (facts) -> List.of(facts.sha256())),

	/** {@code spki-sha256}: SHA-256 of the public key, which survives renewal with the same key. */
	SPKI_SHA256("spki-sha256", Names::spkiSha256, (facts) -> List.of(facts.spkiSha256())),

	/** {@code serial}: the serial number; only together with {@code issuer-dn}. */
	SERIAL("serial", Names::serial, (facts) -> List.of(facts.serial()));

	private final String property;

	private final UnaryOperator<String> canonicalizer;

	private final Function<CertificateFacts, List<String>> values;

	SelectorKind(String property, UnaryOperator<String> canonicalizer,
			Function<CertificateFacts, List<String>> values) {
		this.property = property;
		this.canonicalizer = canonicalizer;
		this.values = values;
	}

	/** The property name under {@code mtls.identities.<name>}. */
	public String property() {
		return this.property;
	}

	/**
	 * The canonical form of a configured value.
	 * @throws IllegalArgumentException when the value is malformed
	 */
	public String canonicalize(String value) {
		return this.canonicalizer.apply(value);
	}

	/** The canonical values of this kind that a certificate carries. */
	public List<String> valuesOf(CertificateFacts facts) {
		return this.values.apply(facts);
	}

	/** Whether this kind names a certificate by itself (every kind but {@link #ISSUER_DN}). */
	public boolean identifies() {
		return this != ISSUER_DN;
	}

}
