package io.github.mtls.revocation;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.spec.DSAPublicKeySpec;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;

/**
 * The CRL processing of RFC 5280 section 6.3.3 for one certificate: every distribution point of the
 * certificate, every complete CRL in its scope (issuer, indirect CRL and cRLIssuer, distribution
 * point names, onlyContains* and reason partitions), the CRL signer's own validated path to the same
 * trust anchor (separate CRL keys and key rollover included), delta CRLs merged with their base,
 * and the CRLs' own validity. The certificate is good only once CRLs covering every reason have
 * been consulted; a missing CRL leaves it undetermined.
 */
final class CrlValidation {

	private final SignerTrust signers;

	CrlValidation(SignerTrust signers) {
		this.signers = signers;
	}

	/**
	 * Decides the status of {@code certificate}.
	 * @param certificate the certificate
	 * @param issuer its issuer's certificate, on the validated path
	 * @param candidates certificates that may have signed a CRL (the path, the pool, the anchor)
	 * @param crls every CRL at hand, complete and delta, parsed but not yet verified
	 * @param query the time the status is for, and the CRL signers being decided on the way
	 */
	Outcome status(X509Certificate certificate, X509Certificate issuer, Collection<X509Certificate> candidates,
			@Nullable X509Certificate anchor, List<CrlIndex> crls, CrlQuery query) {
		Instant at = query.at();
		List<String> problems = new ArrayList<>();
		int reasonsMask = 0;
		Instant freshUntil = Instant.MAX;
		boolean usedDelta = false;
		boolean ca = certificate.getBasicConstraints() != -1;
		boolean certificateNamesDelta = namesDelta(certificate);
		for (Point point : points(certificate)) {
			for (CrlIndex crl : crls) {
				if (reasonsMask == CrlScope.ALL_REASONS) {
					break;
				}
				CrlScope scope = crl.scope();
				if (scope.delta()) {
					continue;
				}
				String mismatch = scopeMismatch(certificate, point, crl, ca);
				if (mismatch != null) {
					continue;
				}
				if (crl.thisUpdate().isAfter(at.plus(OcspSource.CLOCK_SKEW))) {
					// Issued "in the future" beyond the clock skew tolerated with OCSP responders too.
					problems.add(describe(crl) + " is not valid before " + crl.thisUpdate());
					continue;
				}
				if (crl.nextUpdate() != null && !crl.nextUpdate().isAfter(at)) {
					problems.add(describe(crl) + " expired at " + crl.nextUpdate());
					continue;
				}
				int interim = scope.reasons() & point.reasons();
				if ((interim & ~reasonsMask) == 0) {
					continue;
				}
				X509Certificate signer = signer(crl, issuer, candidates, anchor, query, problems);
				if (signer == null) {
					continue;
				}
				CrlIndex delta = delta(crl, signer, crls, at);
				X500Principal certificateIssuer = certificate.getIssuerX500Principal();
				if (delta == null && (certificateNamesDelta || !scope.freshest().isEmpty())) {
					// RFC 5280 6.3.3 (a): deltas are in use, and the certificate or its complete CRL
					// says where the current delta is published; without a current one, everything
					// revoked since the base would pass unseen (an expired delta, or an unreachable
					// delta endpoint, vouches for nothing). A revocation on the base other than a
					// hold stands whatever a delta says.
					int listed = crl.indexOf(certificate.getSerialNumber(), certificateIssuer);
					if (listed >= 0 && crl.reasonCode(listed) != REMOVE_FROM_CRL
							&& crl.reasonCode(listed) != CERTIFICATE_HOLD) {
						return Outcome.revoked(crl, listed, false);
					}
					problems.add("no current delta CRL for " + describe(crl) + " (announced by "
							+ (certificateNamesDelta ? "the certificate" : "the CRL") + ")");
					continue;
				}
				if (delta != null) {
					usedDelta = true;
					freshUntil = earlier(freshUntil, delta.nextUpdate());
					int entry = delta.indexOf(certificate.getSerialNumber(), certificateIssuer);
					if (entry >= 0 && delta.reasonCode(entry) != REMOVE_FROM_CRL) {
						return Outcome.revoked(delta, entry, true);
					}
					if (entry >= 0) {
						// removeFromCRL: released from hold since the base; not looked up there.
						reasonsMask |= interim;
						freshUntil = earlier(freshUntil, crl.nextUpdate());
						continue;
					}
				}
				int entry = crl.indexOf(certificate.getSerialNumber(), certificateIssuer);
				if (entry >= 0 && crl.reasonCode(entry) != REMOVE_FROM_CRL) {
					return Outcome.revoked(crl, entry, false);
				}
				freshUntil = earlier(freshUntil, crl.nextUpdate());
				reasonsMask |= interim;
			}
		}
		if (reasonsMask != CrlScope.ALL_REASONS) {
			String detail = (reasonsMask == 0) ? "no valid CRL covers the certificate"
					: "the CRLs found cover only some revocation reasons";
			if (!problems.isEmpty()) {
				detail += " (" + String.join("; ", problems) + ")";
			}
			return new Outcome(Outcome.State.UNDETERMINED, null, -1, false, freshUntil, detail);
		}
		return new Outcome(Outcome.State.GOOD, null, -1, usedDelta, freshUntil, null);
	}

	private static final int REMOVE_FROM_CRL = 8;

	private static final int CERTIFICATE_HOLD = 6;

	/** RFC 5280 6.3.3 (b): whether the complete CRL is in the scope of the distribution point. */
	private static @Nullable String scopeMismatch(X509Certificate certificate, Point point, CrlIndex crl, boolean ca) {
		CrlScope scope = crl.scope();
		if (point.crlIssuers() != null) {
			if (!point.crlIssuers().contains(crl.issuer()) || !scope.indirect()) {
				return "issuer";
			}
		}
		else if (!Names.sameName(crl.issuer(), certificate.getIssuerX500Principal())) {
			return "issuer";
		}
		if (scope.pointNames() != null) {
			Set<String> names = (point.names() != null) ? point.names() : point.crlIssuerNames();
			if (names == null || names.stream().noneMatch(scope.pointNames()::contains)) {
				return "distribution point";
			}
		}
		if ((scope.onlyUserCerts() && ca) || (scope.onlyCaCerts() && !ca) || scope.onlyAttributeCerts()) {
			return "certificate kind";
		}
		return null;
	}

	/**
	 * RFC 5280 6.3.3 (f), (g): the certificate whose key verifies the CRL, allows cRLSign and has a
	 * valid, unrevoked path to the same anchor. The certificate's own issuer comes first.
	 */
	private @Nullable X509Certificate signer(CrlIndex crl, X509Certificate issuer,
			Collection<X509Certificate> candidates, @Nullable X509Certificate anchor, CrlQuery query,
			List<String> problems) {
		List<X509Certificate> ordered = new ArrayList<>();
		ordered.add(issuer);
		for (X509Certificate candidate : candidates) {
			if (!ordered.contains(candidate)) {
				ordered.add(candidate);
			}
		}
		String problem = null;
		for (X509Certificate candidate : ordered) {
			if (!Names.sameName(candidate.getSubjectX500Principal(), crl.issuer())) {
				continue;
			}
			if (!crl.signedBy(publicKey(candidate, candidates))) {
				problem = (problem != null) ? problem : "the signature of " + describe(crl) + " does not verify";
				continue;
			}
			if (!CrlIndex.allowsCrlSign(candidate)) {
				problem = "the key usage of the signer of " + describe(crl) + " does not allow cRLSign";
				continue;
			}
			// A signer whose own status is being decided by this CRL (an indirect CRL covering its
			// issuer's certificates, its own included) is taken as trusted here: its entry on the CRL
			// still decides whether it is revoked.
			String untrusted = (candidate.equals(issuer) || candidate.equals(anchor)
					|| query.signing().contains(candidate)) ? null
							: this.signers.untrusted(candidate, anchor, candidates, query);
			if (untrusted == null) {
				return candidate;
			}
			problem = "the signer of " + describe(crl) + " is not trusted: " + untrusted;
		}
		problems.add((problem != null) ? problem : "no certificate of \"" + crl.issuer().getName()
				+ "\" is at hand to verify " + describe(crl));
		return null;
	}

	/**
	 * RFC 5280 5.2.4 and 6.3.3 (f): the newest current delta CRL for the complete CRL: same issuer,
	 * same scope, signed with the same key, and based on a CRL no newer than the complete one.
	 */
	private static @Nullable CrlIndex delta(CrlIndex complete, X509Certificate signer, List<CrlIndex> crls,
			Instant at) {
		CrlIndex best = null;
		for (CrlIndex crl : crls) {
			CrlScope scope = crl.scope();
			if (!scope.delta() || !crl.issuer().equals(complete.issuer()) || !scope.sameScope(complete.scope())) {
				continue;
			}
			if (complete.scope().number() == null || scope.baseNumber().compareTo(complete.scope().number()) > 0) {
				continue;
			}
			if (crl.thisUpdate().isAfter(at.plus(OcspSource.CLOCK_SKEW))
					|| (crl.nextUpdate() != null && !crl.nextUpdate().isAfter(at))) {
				continue;
			}
			if (!crl.signedBy(publicKey(signer, List.of()))) {
				continue;
			}
			if (best == null || (scope.number() != null && best.scope().number() != null
					&& scope.number().compareTo(best.scope().number()) > 0)) {
				best = crl;
			}
		}
		return best;
	}

	/**
	 * Whether the certificate names a delta CRL location that can be fetched (an HTTP(S) URL in its
	 * freshestCRL extension). Locations of other schemes (LDAP) are never fetched, so they are not
	 * held against the certificate when no delta is found among the configured CRLs either.
	 */
	private static boolean namesDelta(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(Extension.freshestCRL.getId());
		if (extension == null) {
			return false;
		}
		try {
			for (DistributionPoint point : CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets())
				.getDistributionPoints()) {
				if (!CrlScope.locations(point).isEmpty()) {
					return true;
				}
			}
			return false;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The certificate's distribution points; one covering everything when it names none. */
	private static List<Point> points(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
		if (extension == null) {
			return List.of(new Point(null, CrlScope.ALL_REASONS, null, null));
		}
		try {
			List<Point> points = new ArrayList<>();
			for (DistributionPoint point : CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets())
				.getDistributionPoints()) {
				Set<X500Principal> crlIssuers = null;
				Set<String> crlIssuerNames = null;
				X500Principal relativeTo = certificate.getIssuerX500Principal();
				if (point.getCRLIssuer() != null) {
					crlIssuers = new java.util.LinkedHashSet<>();
					crlIssuerNames = new java.util.LinkedHashSet<>();
					for (GeneralName name : point.getCRLIssuer().getNames()) {
						crlIssuerNames.add(CrlScope.name(name));
						if (name.getTagNo() == GeneralName.directoryName) {
							X500Principal principal = new X500Principal(name.getName().toASN1Primitive().getEncoded());
							crlIssuers.add(principal);
							relativeTo = principal;
						}
					}
				}
				Set<String> names = (point.getDistributionPoint() != null)
						? CrlScope.names(point.getDistributionPoint(), relativeTo) : null;
				int reasons = (point.getReasons() != null)
						? point.getReasons().intValue() & CrlScope.ALL_REASONS : CrlScope.ALL_REASONS;
				points.add(new Point(names, reasons, crlIssuers, crlIssuerNames));
			}
			return points;
		}
		catch (IOException | IllegalArgumentException ex) {
			// An unreadable extension names no usable point: nothing vouches for the certificate.
			return List.of();
		}
	}

	/**
	 * The certificate's public key; a DSA key without parameters inherits them from its issuer's
	 * key (RFC 3279 2.3.2), looked up among {@code candidates}.
	 */
	static PublicKey publicKey(X509Certificate certificate, Collection<X509Certificate> candidates) {
		PublicKey key = certificate.getPublicKey();
		if (!(key instanceof DSAPublicKey dsa) || dsa.getParams() != null) {
			return key;
		}
		for (X509Certificate issuer : candidates) {
			if (issuer != certificate
					&& Names.sameName(issuer.getSubjectX500Principal(), certificate.getIssuerX500Principal())
					&& publicKey(issuer, candidates) instanceof DSAPublicKey parent && parent.getParams() != null) {
				try {
					return KeyFactory.getInstance("DSA").generatePublic(new DSAPublicKeySpec(dsa.getY(),
							parent.getParams().getP(), parent.getParams().getQ(), parent.getParams().getG()));
				}
				catch (GeneralSecurityException ex) {
					return key;
				}
			}
		}
		return key;
	}

	private static Instant earlier(Instant a, @Nullable Instant b) {
		return (b != null && b.isBefore(a)) ? b : a;
	}

	static String describe(CrlIndex crl) {
		return (crl.scope().delta() ? "the delta CRL" : "the CRL") + " of \"" + crl.issuer().getName() + "\""
				+ ((crl.scope().number() != null) ? " number " + crl.scope().number() : "");
	}

	/** A distribution point of a certificate (RFC 5280 4.2.1.13). */
	private record Point(@Nullable Set<String> names, int reasons, @Nullable Set<X500Principal> crlIssuers,
			@Nullable Set<String> crlIssuerNames) {
	}

	/** Decides whether a CRL signer other than the certificate's issuer is trusted. */
	@FunctionalInterface
	interface SignerTrust {

		/**
		 * @param signer a certificate whose key verifies a CRL
		 * @param anchor the anchor its path must end in
		 * @param pool the certificates to build that path from
		 * @param query the time, and the CRL signers whose trust is being decided, outermost first
		 * @return why it is not trusted, or {@code null} when its path to the anchor is valid and
		 * none of its certificates is revoked
		 */
		@Nullable String untrusted(X509Certificate signer, @Nullable X509Certificate anchor,
				Collection<X509Certificate> pool, CrlQuery query);

	}

	/**
	 * The status of one certificate by its CRLs.
	 *
	 * @param state good, revoked or undetermined
	 * @param crl the CRL that lists the certificate (revoked only)
	 * @param entry the entry's index on it
	 * @param delta whether a delta CRL was used
	 * @param freshUntil the earliest nextUpdate of the CRLs used
	 * @param detail why the status is undetermined
	 */
	record Outcome(State state, @Nullable CrlIndex crl, int entry, boolean delta, Instant freshUntil,
			@Nullable String detail) {

		static Outcome revoked(CrlIndex crl, int entry, boolean delta) {
			return new Outcome(State.REVOKED, crl, entry, delta,
					(crl.nextUpdate() != null) ? crl.nextUpdate() : Instant.MAX, null);
		}

		enum State {

			GOOD, REVOKED, UNDETERMINED

		}

	}

}
