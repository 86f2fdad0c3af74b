package io.github.mtls.revocation;

import java.util.List;

/**
 * Which revocation sources are consulted, and in which order. The first source that gives a
 * verified answer decides; the next one is tried only when the previous one could not answer.
 */
public enum RevocationMode {

	/** OCSP first, CRLs when no OCSP responder answers. */
	OCSP_THEN_CRL(List.of(SourceKind.OCSP, SourceKind.CRL)),

	/** CRLs first, OCSP when no CRL can be had. */
	CRL_THEN_OCSP(List.of(SourceKind.CRL, SourceKind.OCSP)),

	/** OCSP only. */
	OCSP(List.of(SourceKind.OCSP)),

	/** CRLs only. */
	CRL(List.of(SourceKind.CRL));

	private final List<SourceKind> order;

	RevocationMode(List<SourceKind> order) {
		this.order = order;
	}

	/** The source kinds in the order they are tried. */
	public List<SourceKind> order() {
		return this.order;
	}

	/** The property value, e.g. {@code ocsp-then-crl}. */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** A kind of revocation source. */
	public enum SourceKind {

		OCSP, CRL;

		/** {@code ocsp} or {@code crl}, as used in logs, metrics and Actuator. */
		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
