package io.github.mtls.path;

/**
 * A structural rule of RFC 5280 section 4 that {@link CertificateProfile} enforces on every
 * certificate of a path, the trust anchor's included.
 *
 * <p>A rule is {@link #relaxable() relaxable} under {@link ProfileMode#COMPATIBLE} only when its
 * breach carries no security weight for this validator: the starter processes the extension
 * whatever its criticality, or the missing field only helps path building. A leaf acting as a CA,
 * unknown critical extensions, malformed names, names a wildcard hides from an exclusion and
 * oversized work are never relaxed.
 */
public enum ProfileRule {

	/** 4.2.1.1: the authority key identifier (with its keyIdentifier) is in every certificate but a self-signed one. */
	AUTHORITY_KEY_IDENTIFIER_PRESENT("4.2.1.1", "authority key identifier present", true),

	/** 4.2.1.2: the subject key identifier is in every CA certificate. */
	SUBJECT_KEY_IDENTIFIER_PRESENT("4.2.1.2", "subject key identifier present in a CA certificate", true),

	/** 4.2.1.1, 4.2.1.2: the key identifiers are never critical. */
	KEY_IDENTIFIER_NOT_CRITICAL("4.2.1.1", "key identifiers not critical", false),

	/** 4.2.1.9: a CA certificate carries basic constraints with cA true (a v1 root has no extensions). */
	CA_BASIC_CONSTRAINTS("4.2.1.9", "CA certificate carries basic constraints with cA true", true),

	/** 4.2.1.9: basic constraints in a CA certificate are critical. */
	BASIC_CONSTRAINTS_CRITICAL("4.2.1.9", "basic constraints critical in a CA certificate", true),

	/** 4.2.1.3, 4.2.1.9: keyCertSign exactly when cA; a leaf never signs certificates. */
	KEY_CERT_SIGN_MATCHES_CA("4.2.1.3", "keyCertSign set exactly when cA is true", false),

	/** 4.2.1.10: name constraints only in CA certificates. */
	NAME_CONSTRAINTS_IN_CA_ONLY("4.2.1.10", "name constraints only in a CA certificate", false),

	/** 4.2.1.10: name constraints are critical. */
	NAME_CONSTRAINTS_CRITICAL("4.2.1.10", "name constraints critical", true),

	/** 4.2.1.10: subtrees are well-formed names, minimum 0, no maximum. */
	NAME_CONSTRAINTS_WELL_FORMED("4.2.1.10", "name constraint subtrees well-formed", false),

	/** 4.2.1.10: a wildcard DNS name stands for every name it matches, an excluded one included. */
	WILDCARD_NOT_EXCLUDED("4.2.1.10", "wildcard DNS name not covering an excluded subtree", false),

	/** Bounded work: names times subtrees along the path stay within {@link CertificateProfile#MAX_NAME_CONSTRAINT_CHECKS}. */
	NAME_CONSTRAINT_WORK("4.2.1.10", "name-constraint work within the limit", false),

	/** 4.2.1.11: policy constraints are critical and not empty. */
	POLICY_CONSTRAINTS("4.2.1.11", "policy constraints critical and not empty", true),

	/** 4.2.1.14: inhibitAnyPolicy is critical. */
	INHIBIT_ANY_POLICY_CRITICAL("4.2.1.14", "inhibit anyPolicy critical", true),

	/** 4.2.1.12: an extended key usage extension lists at least one purpose. */
	EXTENDED_KEY_USAGE_NOT_EMPTY("4.2.1.12", "extended key usage not empty", false),

	/** 4.1.2.2: the serial number is positive and at most 20 octets. */
	SERIAL_NUMBER("4.1.2.2", "serial number positive and at most 20 octets", true),

	/** 4.2.1.6: well-formed subject alternative names, critical when the subject is empty. */
	SUBJECT_ALTERNATIVE_NAMES("4.2.1.6", "subject alternative names well-formed", false),

	/** 4.2: a critical extension the validator does not process is refused. */
	UNKNOWN_CRITICAL_EXTENSION("4.2", "no unknown critical extension", false),

	/** 4.2: every extension this validator reads can be read as its type. */
	READABLE_EXTENSIONS("4.2", "extensions readable", false),

	/** 4.2: an extension appears at most once. */
	DUPLICATE_EXTENSION("4.2", "no duplicate extension", false),

	/** 4.1.2.1, 4.1.2.9: extensions only in a version 3 certificate. */
	VERSION("4.1.2.1", "extensions only in a version 3 certificate", false);

	private final String section;

	private final String description;

	private final boolean relaxable;

	ProfileRule(String section, String description, boolean relaxable) {
		this.section = section;
		this.description = description;
		this.relaxable = relaxable;
	}

	/** The section of RFC 5280 that states the rule. */
	public String section() {
		return this.section;
	}

	public String description() {
		return this.description;
	}

	/** Whether {@link ProfileMode#COMPATIBLE} accepts a certificate that breaks this rule. */
	public boolean relaxable() {
		return this.relaxable;
	}

}
