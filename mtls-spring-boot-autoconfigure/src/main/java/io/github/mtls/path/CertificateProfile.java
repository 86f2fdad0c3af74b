package io.github.mtls.path;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.jspecify.annotations.Nullable;

/**
 * The certificate profile of RFC 5280 section 4, checked on every certificate of a path and on the
 * trust anchor's certificate, before PKIX processing: what PKITS does not test and Bouncy Castle's
 * PKIX does not check (key identifiers, criticality, well-formed names, duplicate extensions), and a
 * bound on the name-constraint work a crafted chain can cause. Each {@link Violation} names the
 * certificate, the {@link ProfileRule rule} and its RFC section.
 */
public final class CertificateProfile {

	/**
	 * The most name-constraint comparisons a path may cost: subtrees of each CA certificate times
	 * the names (subject, subject alternative names and subtrees) of the certificates below it. Real
	 * paths need a few hundred; 1,024 subtrees against 1,024 names would be a million.
	 */
	public static final int MAX_NAME_CONSTRAINT_CHECKS = 16_384;

	/** The extensions this validator processes; any other one marked critical is refused. */
	private static final Set<ASN1ObjectIdentifier> KNOWN = Set.of(Extension.basicConstraints, Extension.keyUsage,
			Extension.extendedKeyUsage, Extension.certificatePolicies, Extension.policyMappings,
			Extension.policyConstraints, Extension.inhibitAnyPolicy, Extension.nameConstraints,
			Extension.subjectAlternativeName, Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier,
			Extension.cRLDistributionPoints, Extension.freshestCRL, Extension.authorityInfoAccess);

	private final ProfileMode mode;

	public CertificateProfile(ProfileMode mode) {
		this.mode = mode;
	}

	public ProfileMode mode() {
		return this.mode;
	}

	/**
	 * The first enforced violation in a path.
	 * @param certificates the path, leaf first, up to the certificate the anchor issued
	 * @param anchor the anchor's certificate
	 * @return the violation, or {@code null} when the path conforms
	 */
	public @Nullable Violation check(List<X509Certificate> certificates, X509Certificate anchor) {
		List<CertificateShape> shapes = new ArrayList<>(certificates.size() + 1);
		List<X509Certificate> path = new ArrayList<>(certificates);
		path.add(anchor);
		for (X509Certificate certificate : path) {
			CertificateShape shape = shape(certificate);
			if (shape == null || shape.unreadable() != null) {
				// Refused, never read as absent (issue 16): every certificate of the path, not just the leaf.
				return unreadable(certificate, shape);
			}
			shapes.add(shape);
		}
		int i = 0;
		try {
			// The work bound first: it is what keeps the rest, and PKIX after it, cheap.
			Violation violation = NameConstraintWork.check(shapes);
			for (; violation == null && i < shapes.size(); i++) {
				violation = first(shapes.get(i), (i == shapes.size() - 1) ? Role.ANCHOR
						: (i > 0) ? Role.INTERMEDIATE : Role.TARGET);
			}
			return (violation != null) ? violation : NameConstraintWork.wildcards(shapes);
		}
		catch (RuntimeException ex) {
			// An extension Bouncy Castle cannot read as its type: refused, never read as absent.
			return unreadable(path.get(Math.min(i, path.size() - 1)), null);
		}
	}

	private static Violation unreadable(X509Certificate certificate, @Nullable CertificateShape shape) {
		String which = (shape != null && shape.unreadable() != null) ? "extension " + shape.unreadable().getId()
				: "an extension";
		return new Violation(certificate, ProfileRule.READABLE_EXTENSIONS, which + " cannot be read as its type");
	}

	/**
	 * Every violation of an anchor's certificate, enforced or not, so that startup can say which
	 * anchors need {@link ProfileMode#COMPATIBLE} and why. A v3 certificate that neither asserts cA
	 * nor keyCertSign is a directly trusted client certificate, not a CA, and is judged as one.
	 */
	public static List<Violation> anchorViolations(X509Certificate anchor) {
		CertificateShape shape = shape(anchor);
		if (shape == null || shape.unreadable() != null) {
			return List.of(unreadable(anchor, shape));
		}
		boolean[] usage = anchor.getKeyUsage();
		boolean issuer = shape.ca() || anchor.getVersion() < 3 || (usage != null && usage.length > 5 && usage[5]);
		List<Violation> all = new ArrayList<>();
		try {
			new CertificateProfile(ProfileMode.STRICT).collect(shape, issuer ? Role.ANCHOR : Role.TARGET, all);
		}
		catch (RuntimeException ex) {
			all.add(unreadable(anchor, null));
		}
		return all;
	}

	private @Nullable Violation first(CertificateShape shape, Role role) {
		List<Violation> all = new ArrayList<>();
		collect(shape, role, all);
		return all.isEmpty() ? null : all.get(0);
	}

	private static @Nullable CertificateShape shape(X509Certificate certificate) {
		try {
			return CertificateShape.of(certificate);
		}
		catch (Exception ex) {
			return null;
		}
	}

	/** Adds the violations this mode enforces, in the order of {@link ProfileRule}. */
	private void collect(CertificateShape shape, Role role, List<Violation> into) {
		X509Certificate certificate = shape.certificate();
		Rules rules = new Rules(shape, into, this.mode);
		if (shape.duplicate() != null) {
			rules.breach(ProfileRule.DUPLICATE_EXTENSION, "extension " + shape.duplicate().getId() + " appears twice");
		}
		if (certificate.getVersion() < 3 && !shape.extensions().isEmpty()) {
			rules.breach(ProfileRule.VERSION, "a version " + certificate.getVersion() + " certificate has extensions");
		}
		for (Extension extension : shape.extensions().values()) {
			if (extension.isCritical() && !KNOWN.contains(extension.getExtnId())) {
				rules.breach(ProfileRule.UNKNOWN_CRITICAL_EXTENSION,
						"critical extension " + extension.getExtnId().getId() + " is not processed");
			}
		}
		BigInteger serial = certificate.getSerialNumber();
		if (serial.signum() <= 0 || serial.toByteArray().length > 20) {
			rules.breach(ProfileRule.SERIAL_NUMBER, "serial number " + serial.toString(16));
		}
		boolean ca = role != Role.TARGET || shape.ca();
		keyIdentifiers(shape, ca, rules);
		boolean v1Root = certificate.getVersion() < 3 && role == Role.ANCHOR;
		Extension basicConstraints = shape.extension(Extension.basicConstraints);
		if (role != Role.TARGET && !shape.ca()) {
			rules.breach(ProfileRule.CA_BASIC_CONSTRAINTS, v1Root ? "a version 1 root has no basic constraints"
					: "a CA certificate without cA in basic constraints");
		}
		if (basicConstraints != null && shape.ca() && !basicConstraints.isCritical()) {
			rules.breach(ProfileRule.BASIC_CONSTRAINTS_CRITICAL, "basic constraints are not critical");
		}
		boolean[] usage = certificate.getKeyUsage();
		if (usage != null && (usage.length > 5 && usage[5]) != shape.ca()) {
			rules.breach(ProfileRule.KEY_CERT_SIGN_MATCHES_CA,
					shape.ca() ? "cA without keyCertSign" : "keyCertSign without cA: a leaf acting as a CA");
		}
		nameConstraints(shape, rules);
		Extension policyConstraints = shape.extension(Extension.policyConstraints);
		if (policyConstraints != null && (!policyConstraints.isCritical()
				|| ASN1Sequence.getInstance(policyConstraints.getParsedValue()).size() == 0)) {
			rules.breach(ProfileRule.POLICY_CONSTRAINTS, "policy constraints are "
					+ (policyConstraints.isCritical() ? "empty" : "not critical"));
		}
		Extension inhibitAny = shape.extension(Extension.inhibitAnyPolicy);
		if (inhibitAny != null && !inhibitAny.isCritical()) {
			rules.breach(ProfileRule.INHIBIT_ANY_POLICY_CRITICAL, "inhibit anyPolicy is not critical");
		}
		Extension eku = shape.extension(Extension.extendedKeyUsage);
		if (eku != null && ExtendedKeyUsage.getInstance(eku.getParsedValue()).getUsages().length == 0) {
			rules.breach(ProfileRule.EXTENDED_KEY_USAGE_NOT_EMPTY, "extended key usage lists no purpose");
		}
		subjectAlternativeNames(shape, rules);
	}

	private static void keyIdentifiers(CertificateShape shape, boolean ca, Rules rules) {
		Extension aki = shape.extension(Extension.authorityKeyIdentifier);
		if (aki == null || AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifierObject() == null) {
			if (!shape.selfSigned()) {
				rules.breach(ProfileRule.AUTHORITY_KEY_IDENTIFIER_PRESENT,
						(aki == null) ? "no authority key identifier" : "authority key identifier without keyIdentifier");
			}
		}
		Extension ski = shape.extension(Extension.subjectKeyIdentifier);
		if (ski == null && ca && shape.certificate().getVersion() == 3) {
			rules.breach(ProfileRule.SUBJECT_KEY_IDENTIFIER_PRESENT, "no subject key identifier");
		}
		if ((aki != null && aki.isCritical()) || (ski != null && ski.isCritical())) {
			rules.breach(ProfileRule.KEY_IDENTIFIER_NOT_CRITICAL, "a key identifier is critical");
		}
	}

	private static void nameConstraints(CertificateShape shape, Rules rules) {
		Extension extension = shape.extension(Extension.nameConstraints);
		if (extension == null) {
			return;
		}
		if (!shape.ca()) {
			rules.breach(ProfileRule.NAME_CONSTRAINTS_IN_CA_ONLY, "name constraints in a certificate that is not a CA");
		}
		if (!extension.isCritical()) {
			rules.breach(ProfileRule.NAME_CONSTRAINTS_CRITICAL, "name constraints are not critical");
		}
		NameConstraints constraints = NameConstraints.getInstance(extension.getParsedValue());
		for (GeneralSubtree[] subtrees : new GeneralSubtree[][] { constraints.getPermittedSubtrees(),
				constraints.getExcludedSubtrees() }) {
			for (GeneralSubtree subtree : (subtrees != null) ? subtrees : new GeneralSubtree[0]) {
				String problem = (subtree.getMinimum().signum() != 0 || subtree.getMaximum() != null)
						? "a subtree with minimum " + subtree.getMinimum() + " or a maximum" : malformedBase(subtree.getBase());
				if (problem != null) {
					rules.breach(ProfileRule.NAME_CONSTRAINTS_WELL_FORMED, problem);
					return;
				}
			}
		}
	}

	private static @Nullable String malformedBase(GeneralName base) {
		return switch (base.getTagNo()) {
			case GeneralName.dNSName -> dnsName(text(base), false) ? null
					: "dNSName subtree \"" + text(base) + "\" is not a DNS name";
			case GeneralName.iPAddress -> {
				int length = ASN1OctetString.getInstance(base.getName()).getOctets().length;
				yield (length == 8 || length == 32) ? null : "iPAddress subtree of " + length + " octets";
			}
			default -> null;
		};
	}

	private static void subjectAlternativeNames(CertificateShape shape, Rules rules) {
		Extension extension = shape.extension(Extension.subjectAlternativeName);
		boolean emptySubject = shape.certificate().getSubjectX500Principal().getEncoded().length <= 2;
		if (extension == null) {
			if (emptySubject && shape.certificate().getVersion() == 3) {
				rules.breach(ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "an empty subject and no subject alternative name");
			}
			return;
		}
		if (emptySubject && !extension.isCritical()) {
			rules.breach(ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "an empty subject and a non-critical subject alternative name");
		}
		GeneralName[] names = GeneralNames.getInstance(extension.getParsedValue()).getNames();
		if (names.length == 0) {
			rules.breach(ProfileRule.SUBJECT_ALTERNATIVE_NAMES, "an empty subject alternative name extension");
		}
		for (GeneralName name : names) {
			String problem = malformedName(name);
			if (problem != null) {
				rules.breach(ProfileRule.SUBJECT_ALTERNATIVE_NAMES, problem);
				return;
			}
		}
	}

	private static @Nullable String malformedName(GeneralName name) {
		return switch (name.getTagNo()) {
			case GeneralName.dNSName -> dnsName(text(name), true) ? null
					: "dNSName \"" + text(name) + "\" is not in preferred name syntax";
			case GeneralName.iPAddress -> {
				int length = ASN1OctetString.getInstance(name.getName()).getOctets().length;
				yield (length == 4 || length == 16) ? null : "iPAddress of " + length + " octets";
			}
			case GeneralName.uniformResourceIdentifier -> wellFormedUri(text(name)) ? null
					: "URI \"" + text(name) + "\" is not an absolute URI with a host";
			case GeneralName.rfc822Name -> text(name).matches("[^@\\s]+@[^@\\s]+") ? null
					: "rfc822Name \"" + text(name) + "\" is not a mailbox";
			default -> null;
		};
	}

	/** RFC 5280 4.2.1.6 and, for {@code spiffe://}, the SPIFFE ID format: no port, user, query or fragment. */
	private static boolean wellFormedUri(String value) {
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.getRawSchemeSpecificPart().isEmpty()
					|| (uri.getRawAuthority() != null && uri.getHost() == null)) {
				return false;
			}
			return !"spiffe".equalsIgnoreCase(uri.getScheme()) || (uri.getHost() != null && uri.getPort() == -1
					&& uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null);
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	static String text(GeneralName name) {
		return ((ASN1String) name.getName()).getString();
	}

	/** Where a certificate sits in the path: the rules for CA certificates apply to all but the target. */
	enum Role {

		TARGET, INTERMEDIATE, ANCHOR

	}

	/** Collects the breaches the mode enforces. */
	private record Rules(CertificateShape shape, List<Violation> into, ProfileMode mode) {

		void breach(ProfileRule rule, String detail) {
			if (this.mode.enforces(rule)) {
				this.into.add(new Violation(this.shape.certificate(), rule, detail));
			}
		}

	}

	/**
	 * One breach of the profile.
	 *
	 * @param certificate the certificate that breaks the rule
	 * @param rule the rule
	 * @param detail what exactly is wrong
	 */
	public record Violation(X509Certificate certificate, ProfileRule rule, String detail) {

		/** For the refusal's detail and the startup message: certificate, rule, RFC section. */
		public String message() {
			return "\"" + this.certificate.getSubjectX500Principal().getName() + "\" breaks RFC 5280 "
					+ this.rule.section() + " (" + this.rule.description() + "): " + this.detail;
		}

	}

	/**
	 * RFC 5280 4.2.1.6's preferred name syntax (RFC 1034 3.5, with RFC 1123's leading digit): labels
	 * of letters, digits and inner hyphens; no underscore, no empty label, no IP address literal. A
	 * SAN may start with a {@code *} label, which name constraints then judge as every name it
	 * stands for.
	 */
	static boolean dnsName(String name, boolean wildcard) {
		if (name.isEmpty() || name.length() > 253) {
			return false;
		}
		String[] labels = name.split("\\.", -1);
		for (int i = 0; i < labels.length; i++) {
			String label = labels[i];
			if (i == 0 && wildcard && label.equals("*") && labels.length > 2) {
				continue;
			}
			if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
				return false;
			}
			for (int j = 0; j < label.length(); j++) {
				char c = label.charAt(j);
				if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
					return false;
				}
			}
		}
		// A top-level label of digits only is an IPv4 literal, never a host name (RFC 1123 2.1).
		return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
	}

}
