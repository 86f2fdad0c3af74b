package io.github.mtls.path;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;

/**
 * Builds a certification path from a leaf through a pool of CA certificates to a trust anchor and
 * validates it by RFC 5280 section 6.1, with the configured policy inputs.
 *
 * <p>The pool is unordered and may hold certificates that are not on the path (cross-certificates,
 * CRL signers, a proxy's extras); configured intermediates complete it. Building is a bounded
 * depth-first search by issuer name and key: among the certificates named like a certificate's
 * issuer, only those whose subject key identifier equals its authority key identifier (or, when
 * either is absent, whose key verifies its signature) are issuers, so same-named CAs with other keys
 * (a CA renewed with a new key, old and new side by side) spend none of the budget. Paths hold at
 * most {@code max-chain-length} certificates, at most {@code max-candidate-paths} complete
 * candidates are validated, so a crafted pool cannot make one request expensive. The first valid
 * candidate wins.
 *
 * <p>Validation is Bouncy Castle's PKIX validator (passes every non-revocation block of NIST PKITS,
 * where the JDK's misapplies a policy mapping), with revocation left to the revocation checker, plus
 * the name constraints of the anchor certificate itself, which PKIX validators ignore (RFC 5280
 * leaves anchor constraints to the application): a partner CA constrained to its own names cannot
 * vouch for anyone else's.
 */
public final class PathValidator {

	/** One provider instance, not registered globally: the application's JCA set-up is left alone. */
	private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

	private final PathSettings settings;

	private final Issuers anchors;

	private final Issuers intermediates;

	private final CertificateProfile profile;

	public PathValidator(PathSettings settings, Collection<X509Certificate> anchors) {
		this(settings, anchors, List.of());
	}

	/**
	 * Creates a validator.
	 * @param settings the path-validation settings
	 * @param anchors the trust anchors paths end in
	 * @param intermediates configured CA certificates a path may go through, never trusted as
	 * anchors: issuers the client did not send ({@code mtls.trust.intermediates})
	 */
	public PathValidator(PathSettings settings, Collection<X509Certificate> anchors,
			Collection<X509Certificate> intermediates) {
		this.settings = settings;
		this.anchors = new Issuers(anchors);
		this.intermediates = new Issuers(intermediates);
		this.profile = new CertificateProfile(settings.profile());
	}

	public PathSettings settings() {
		return this.settings;
	}

	/** The trust anchors paths are built to. */
	public List<X509Certificate> anchors() {
		return this.anchors.certificates();
	}

	/** The configured intermediates paths may go through. */
	public List<X509Certificate> intermediates() {
		return this.intermediates.certificates();
	}

	/**
	 * Builds and validates a path for {@code leaf}.
	 * @param leaf the certificate to validate
	 * @param pool candidate CA certificates, in any order
	 * @param at the validation time
	 * @return the verdict; never throws
	 */
	public PathVerdict validate(X509Certificate leaf, Collection<X509Certificate> pool, Instant at) {
		if (this.anchors.contains(leaf)) {
			// A certificate trusted as an anchor itself, as the JSSE accepts it.
			return new PathVerdict.Valid(new CertificationPath(List.of(leaf), leaf));
		}
		Search search = new Search(pool, at);
		search.extend(new ArrayList<>(List.of(leaf)));
		if (search.valid != null) {
			return new PathVerdict.Valid(search.valid);
		}
		if (search.firstFailure != null) {
			return search.firstFailure;
		}
		String from = "no path from \"" + leaf.getSubjectX500Principal().getName() + "\" to a trusted anchor";
		// No candidate was validated here (each leaves a valid path or a first failure, returned above).
		String detail = search.exhausted
				? "no valid path within max-candidate-paths " + this.settings.maxCandidatePaths()
				: (search.missingIssuer != null && search.missingKey) ? from + ": no trust anchor or CA certificate named \""
						+ search.missingIssuer.getName() + "\" holds the key that signed it"
				: (search.missingIssuer != null) ? from + ": issuer \"" + search.missingIssuer.getName()
						+ "\" is neither a trust anchor nor in the chain"
						: from + " within max-chain-length " + this.settings.maxChainLength();
		return new PathVerdict.Invalid(new Refusal(RefusalReason.CERTIFICATE_UNTRUSTED, detail), null);
	}

	private PathVerdict check(List<X509Certificate> certificates, X509Certificate anchor, Instant at) {
		CertificationPath path = new CertificationPath(certificates, anchor);
		// Certificate profile (RFC 5280 section 4) before PKIX: it bounds the name-constraint work PKIX would do.
		CertificateProfile.Violation breach = this.profile.check(certificates, anchor);
		if (breach != null) {
			return invalid(path, breach.message());
		}
		try {
			PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(at));
			parameters.setInitialPolicies(this.settings.initialPolicies().contains(PathSettings.ANY_POLICY) ? Set.of()
					: this.settings.initialPolicies());
			parameters.setExplicitPolicyRequired(this.settings.requireExplicitPolicy());
			parameters.setPolicyMappingInhibited(this.settings.inhibitPolicyMapping());
			parameters.setAnyPolicyInhibited(this.settings.inhibitAnyPolicy());
			parameters.setPolicyQualifiersRejected(false);
			CertPathValidator.getInstance("PKIX", BOUNCY_CASTLE)
				.validate(CertificateFactory.getInstance("X.509").generateCertPath(certificates), parameters);
			String violation = anchorNameConstraints(certificates, anchor);
			if (violation != null) {
				return invalid(path, violation);
			}
			return new PathVerdict.Valid(path);
		}
		catch (CertPathValidatorException ex) {
			int index = ex.getIndex();
			X509Certificate top = certificates.get(certificates.size() - 1);
			if ((index < 0 || index == certificates.size() - 1) && !Issuers.signedBy(top, anchor)) {
				// Bouncy Castle says only "TrustAnchor found but certificate validation failed."
				return invalid(path, "the signature of \"" + top.getSubjectX500Principal().getName()
						+ "\" does not verify with the key of the trust anchor \""
						+ anchor.getSubjectX500Principal().getName() + "\"");
			}
			String where = (index >= 0 && index < certificates.size())
					? " (at \"" + certificates.get(index).getSubjectX500Principal().getName() + "\")" : "";
			return invalid(path, ex.getMessage() + where);
		}
		catch (GeneralSecurityException | java.io.IOException | RuntimeException ex) {
			return invalid(path, String.valueOf(ex.getMessage()));
		}
	}

	private static PathVerdict invalid(CertificationPath path, String detail) {
		return new PathVerdict.Invalid(new Refusal(RefusalReason.CERTIFICATE_PATH_INVALID, detail), path);
	}

	/**
	 * Applies the anchor certificate's name constraints to every certificate below it but the
	 * self-issued intermediates (RFC 5280 6.1.3 (b)): subject names and subject alternative names.
	 */
	private static @Nullable String anchorNameConstraints(List<X509Certificate> certificates, X509Certificate anchor)
			throws java.io.IOException {
		byte[] extension = anchor.getExtensionValue(Extension.nameConstraints.getId());
		if (extension == null) {
			return null;
		}
		NameConstraints constraints = NameConstraints.getInstance(ASN1OctetString.getInstance(extension).getOctets());
		PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
		if (constraints.getPermittedSubtrees() != null) {
			validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
		}
		if (constraints.getExcludedSubtrees() != null) {
			for (org.bouncycastle.asn1.x509.GeneralSubtree excluded : constraints.getExcludedSubtrees()) {
				validator.addExcludedSubtree(excluded);
			}
		}
		for (int i = certificates.size() - 1; i >= 0; i--) {
			X509Certificate certificate = certificates.get(i);
			X500Principal subject = certificate.getSubjectX500Principal();
			boolean selfIssued = Names.sameName(subject, certificate.getIssuerX500Principal());
			if (i > 0 && selfIssued) {
				// RFC 5280 6.1.3 (b): a self-issued intermediate's own names, subject and SAN, are not constrained.
				continue;
			}
			try {
				if (subject.getEncoded().length > 2) {
					X500Name name = X500Name.getInstance(subject.getEncoded());
					validator.checkPermittedDN(name);
					validator.checkExcludedDN(name);
				}
				byte[] san = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
				if (san != null) {
					for (GeneralName name : GeneralNames.getInstance(ASN1OctetString.getInstance(san).getOctets())
						.getNames()) {
						validator.checkPermitted(name);
						validator.checkExcluded(name);
					}
				}
			}
			catch (NameConstraintValidatorException ex) {
				return "\"" + subject.getName() + "\" breaks the name constraints of the trust anchor \""
						+ anchor.getSubjectX500Principal().getName() + "\": " + ex.getMessage();
			}
		}
		return null;
	}

	/** One bounded depth-first search for a valid path. */
	private final class Search {

		private final Collection<X509Certificate> pool;

		private final Instant at;

		private final int limit = PathValidator.this.settings.maxCandidatePaths();

		private final int bound = this.limit * PathValidator.this.settings.maxChainLength();

		private int candidates;

		private int visits;

		private @Nullable CertificationPath valid;

		private PathVerdict.@Nullable Invalid firstFailure;

		private @Nullable X500Principal missingIssuer;

		/** Whether certificates with the missing issuer's name exist, but none with its key. */
		private boolean missingKey;

		/** Whether the search stopped at the bound on pool certificates looked at. */
		private boolean exhausted;

		Search(Collection<X509Certificate> pool, Instant at) {
			this.pool = pool;
			this.at = at;
		}

		private boolean done() {
			return this.valid != null || this.candidates >= this.limit || this.exhausted;
		}

		/** Extends {@code path} (leaf first) upwards; stops at the first valid path or a bound. */
		void extend(List<X509Certificate> path) {
			X509Certificate top = path.get(path.size() - 1);
			byte[] authorityKey = Issuers.authorityKeyIdentifier(top);
			boolean named = false;
			boolean found = false;
			for (Issuers.Issuer anchor : PathValidator.this.anchors.named(top)) {
				if (done()) {
					return;
				}
				named = true;
				if (issued(top, authorityKey, anchor)) {
					found = true;
					this.candidates++;
					PathVerdict verdict = check(path, anchor.certificate(), this.at);
					if (verdict instanceof PathVerdict.Valid ok) {
						this.valid = ok.path();
						return;
					}
					if (this.firstFailure == null) {
						this.firstFailure = (PathVerdict.Invalid) verdict;
					}
				}
			}
			if (path.size() >= PathValidator.this.settings.maxChainLength()) {
				return;
			}
			X500Principal issuer = top.getIssuerX500Principal();
			for (X509Certificate next : this.pool) {
				if (done()) {
					return;
				}
				if (++this.visits > this.bound) {
					this.exhausted = true;
					return;
				}
				if (Names.sameName(next.getSubjectX500Principal(), issuer) && !path.contains(next)
						&& !PathValidator.this.anchors.contains(next)) {
					named = true;
					if (issued(top, authorityKey, new Issuers.Issuer(next, Issuers.subjectKeyIdentifier(next)))) {
						found = true;
						climb(path, next);
					}
				}
			}
			// Configured intermediates complete what the client sent (a proxy forwards only the leaf).
			for (Issuers.Issuer next : PathValidator.this.intermediates.named(top)) {
				if (done()) {
					return;
				}
				if (path.contains(next.certificate()) || PathValidator.this.anchors.contains(next.certificate())) {
					continue;
				}
				named = true;
				if (issued(top, authorityKey, next)) {
					found = true;
					climb(path, next.certificate());
				}
			}
			if (!found && this.candidates == 0) {
				this.missingIssuer = issuer;
				this.missingKey = named;
			}
		}

		private void climb(List<X509Certificate> path, X509Certificate next) {
			path.add(next);
			extend(path);
			path.remove(path.size() - 1);
		}

		/**
		 * Whether {@code candidate} holds the key that signed {@code child}: by key identifier, else
		 * by the signature (counted as a visit, so that certificates without identifiers stay bounded).
		 */
		private boolean issued(X509Certificate child, byte @Nullable [] authorityKey, Issuers.Issuer candidate) {
			Boolean byIdentifier = candidate.identifies(authorityKey);
			if (byIdentifier != null) {
				return byIdentifier;
			}
			if (++this.visits > this.bound) {
				this.exhausted = true;
				return false;
			}
			return Issuers.signedBy(child, candidate.certificate());
		}

	}

}
