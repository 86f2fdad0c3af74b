package io.github.mtls.policy;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.Names;
import io.github.mtls.identity.CertificateMemory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust-anchor pinning ({@code mtls.trust.anchors-sha256}): a client's chain must end in one of
 * the pinned anchors, whatever else the TLS trust store holds. This is what keeps a CA added to a
 * trust store after startup (an SSL bundle reload, a shared corporate store, a proxy validating
 * against its own store) from authenticating anyone.
 *
 * <p>Clients usually send their leaf, sometimes intermediates, rarely the root. The anchor of a
 * chain is therefore found from its top certificate: the top certificate is itself a pinned
 * anchor, or a pinned anchor whose subject is its issuer verifies its signature. The verdict is
 * cached per distinct top certificate (keyed like {@link io.github.mtls.identity.CertificateFactsCache}:
 * the JDK caches a certificate's hash code and compares DER bytes; bounded by estimated bytes), so a signature is verified once
 * per certificate, not per request or per handshake.
 *
 * <p>Pinning composes with {@code issuer-dn} selectors: an identity bound to an issuing CA must
 * match its issuer, and its chain must in addition end in a pinned anchor.
 */
public final class AnchorPinning implements ChainCheck {

	/**
	 * The order of this check among the {@link ChainCheck}s: before revocation, so that a chain
	 * from an unpinned CA never causes an OCSP or CRL request.
	 */
	public static final int ORDER = -1000;

	private static final Logger logger = LoggerFactory.getLogger(AnchorPinning.class);

	private final CertificateCacheLimits limits;

	private volatile Pins pins;

	/**
	 * Pins the given anchors.
	 * @param anchors the pinned anchor certificates
	 * @param limits the bounds of the verdict cache: only chains of pinned identities reach this
	 * check, so it has only the pinned clients' bound
	 */
	public AnchorPinning(List<X509Certificate> anchors, CertificateCacheLimits limits) {
		this.limits = limits;
		this.pins = new Pins(anchors, limits);
	}

	/**
	 * Pins the anchors of a reloaded trust store, already audited to be all pinned: the verdicts of
	 * the previous anchors are dropped with them.
	 */
	public void follow(List<X509Certificate> anchors) {
		this.pins = new Pins(anchors, this.limits);
	}

	/**
	 * Pins the anchors of {@code trust} whose SHA-256 fingerprints are listed.
	 * @param trust the client trust material
	 * @param pinned canonical SHA-256 fingerprints (64 lowercase hex digits)
	 * @param limits the bounds of the verdict cache
	 * @return the check
	 * @throws UnpinnedTrustAnchorException when {@code trust} holds an anchor that is not pinned
	 */
	public static AnchorPinning of(ClientTrust trust, Set<String> pinned, CertificateCacheLimits limits) {
		List<X509Certificate> anchors = new ArrayList<>();
		Set<String> unmatched = new LinkedHashSet<>(pinned);
		for (X509Certificate anchor : trust.anchors()) {
			CertificateFacts facts = facts(anchor);
			if (!pinned.contains(facts.sha256())) {
				throw new UnpinnedTrustAnchorException(trust.source(), facts.subjectName(), facts.sha256(), pinned);
			}
			unmatched.remove(facts.sha256());
			anchors.add(anchor);
		}
		// A pin ahead of its CA is normal during a CA rotation; a typo looks the same, so say so.
		unmatched.forEach((sha256) -> logger.warn("mtls.trust.anchors-sha256 pins {}, which no trust anchor of {} has",
				sha256, trust.source()));
		return new AnchorPinning(anchors, limits);
	}

	@Override
	public @Nullable Refusal check(Context chain) {
		Pins pins = this.pins;
		X509Certificate anchor = chain.path().anchor();
		if (anchor != null) {
			return pins.anchors.contains(anchor) ? null : new Refusal(RefusalReason.CERTIFICATE_UNTRUSTED,
					"the path ends in \"" + anchor.getSubjectX500Principal().getName()
							+ "\", which is not a pinned trust anchor");
		}
		List<X509Certificate> certificates = chain.path().certificates();
		X509Certificate top = certificates.get(certificates.size() - 1);
		Boolean pinned = pins.verdicts.get(top, pins::endsInPinnedAnchor);
		if (Boolean.TRUE.equals(pinned)) {
			return null;
		}
		return new Refusal(RefusalReason.CERTIFICATE_UNTRUSTED,
				"the chain does not end in a pinned trust anchor (top certificate issued by \""
						+ top.getIssuerX500Principal().getName() + "\")");
	}

	private static CertificateFacts facts(X509Certificate anchor) {
		try {
			return CertificateFacts.of(anchor);
		}
		catch (CertificateParsingException ex) {
			throw new IllegalStateException("Cannot read trust anchor " + anchor.getSubjectX500Principal(), ex);
		}
	}

	/** The pinned anchors of one trust store, with the verdicts computed against them. */
	private static final class Pins {

		private final Set<X509Certificate> anchors;

		private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();

		private final Cache<X509Certificate, Boolean> verdicts;

		Pins(List<X509Certificate> anchors, CertificateCacheLimits limits) {
			this.anchors = Set.copyOf(anchors);
			for (X509Certificate anchor : anchors) {
				this.anchorsBySubject.computeIfAbsent(anchor.getSubjectX500Principal(), (subject) -> new ArrayList<>(1))
					.add(anchor);
			}
			this.verdicts = Caffeine.newBuilder()
				.maximumWeight(limits.pinnedBytes())
				.weigher((X509Certificate top, Boolean pinned) -> CertificateMemory
					.weight(CertificateMemory.retainedBytes(top)))
				.executor(Runnable::run)
				.build();
		}

		private boolean endsInPinnedAnchor(X509Certificate top) {
			if (this.anchors.contains(top)) {
				return true;
			}
			for (X509Certificate anchor : this.anchorsBySubject.getOrDefault(top.getIssuerX500Principal(), List.of())) {
				if (!Names.sameName(anchor.getSubjectX500Principal(), top.getIssuerX500Principal())) {
					continue; // the map's key folds look-alikes together
				}
				try {
					top.verify(anchor.getPublicKey());
					return true;
				}
				catch (GeneralSecurityException | RuntimeException ex) {
					// Another anchor with the same subject may be the issuer (a re-keyed CA).
				}
			}
			return false;
		}

	}

}
