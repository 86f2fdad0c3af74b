package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.mtls.core.LogText;
import io.github.mtls.identity.Names;
import io.github.mtls.path.CertificationPath;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of a validated path to check, each with its issuer and the entry of its status,
 * or why none can be derived, and the certificates left unchecked. Derived once per path.
 *
 * @param path the path's certificates, to notice a different path for the same leaf
 * @param targets what to check, leaf first
 * @param problem why the targets cannot be derived (the request is then refused or let through by
 * the failure policy)
 * @param unchecked certificates that name no revocation source
 */
record ChainTargets(List<X509Certificate> path, List<Target> targets, @Nullable String problem,
		List<X509Certificate> unchecked) {

	private static final Logger logger = LoggerFactory.getLogger(RevocationChecker.class);

	/**
	 * A certificate to check and where its status lives ({@code null} for a certificate without any
	 * source: nothing to fetch).
	 */
	record Target(RevocationTarget target, StatusCache.@Nullable Entry entry) {
	}

	static ChainTargets problem(List<X509Certificate> path, String problem) {
		return new ChainTargets(path, List.of(), problem, List.of());
	}

	/**
	 * The targets of a path.
	 * @param presented the certificates the client sent, candidates for CRL signers
	 * @param trustAnchors the anchors in force, where an issuer is looked up when the path has none
	 * @param entries where a sourced target's status entry comes from
	 */
	static ChainTargets of(CertificationPath path, List<X509Certificate> presented,
			Supplier<List<X509Certificate>> trustAnchors, RevocationSettings settings,
			Function<RevocationTarget, StatusCache.Entry> entries) {
		List<X509Certificate> certificates = path.certificates();
		List<X509Certificate> anchors = (path.anchor() != null) ? List.of(path.anchor()) : trustAnchors.get();
		List<X509Certificate> candidates = new ArrayList<>(path.withAnchor());
		for (X509Certificate certificate : presented) {
			if (!candidates.contains(certificate)) {
				candidates.add(certificate);
			}
		}
		if (path.anchor() == null) {
			candidates.addAll(anchors);
		}
		List<Target> list = new ArrayList<>();
		List<X509Certificate> unchecked = new ArrayList<>();
		int last = settings.checkIntermediates() ? certificates.size() : 1;
		try {
			for (int i = 0; i < last; i++) {
				X509Certificate certificate = certificates.get(i);
				if (path.isAnchor(i) || (path.anchor() == null && i > 0
						&& (selfIssued(certificate) || anchors.contains(certificate)))) {
					// A trust anchor is trusted by configuration, not by a revocable statement.
					continue;
				}
				X509Certificate issuer = (path.anchor() != null) ? path.issuerOf(i)
						: issuer(certificate, (i + 1 < certificates.size()) ? certificates.get(i + 1) : null, anchors);
				if (issuer == null) {
					// The issuer is needed only to verify answers: a certificate without any source is
					// unchecked whether or not its issuer is at hand.
					if (RevocationTarget.hasSource(certificate, settings) || settings.requireSource()) {
						return problem(certificates, "the issuer \"" + certificate.getIssuerX500Principal().getName()
								+ "\" is neither in the chain nor among the client trust anchors");
					}
					logger.info("No revocation source for serial {} of \"{}\" ({}): let through unchecked",
							certificate.getSerialNumber().toString(16),
							LogText.escape(certificate.getIssuerX500Principal().getName()), settings.mode().value());
					unchecked.add(certificate);
					continue;
				}
				RevocationTarget target = RevocationTarget.of(certificate, issuer, candidates, path.anchor(), settings);
				if (!target.sourced() && !settings.requireSource()) {
					logger.info("No revocation source for {} ({}): let through unchecked", target.label(),
							settings.mode().value());
				}
				list.add(new Target(target, target.sourced() ? entries.apply(target) : null));
			}
		}
		catch (RevocationSourceException ex) {
			return problem(certificates, ex.getMessage());
		}
		return new ChainTargets(certificates, List.copyOf(list), null, List.copyOf(unchecked));
	}

	private static @Nullable X509Certificate issuer(X509Certificate certificate, @Nullable X509Certificate next,
			List<X509Certificate> anchors) {
		if (next != null && Names.sameName(next.getSubjectX500Principal(), certificate.getIssuerX500Principal())
				&& signedBy(certificate, next)) {
			return next;
		}
		for (X509Certificate anchor : anchors) {
			if (Names.sameName(anchor.getSubjectX500Principal(), certificate.getIssuerX500Principal())
					&& signedBy(certificate, anchor)) {
				return anchor;
			}
		}
		return null;
	}

	private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
		try {
			certificate.verify(issuer.getPublicKey());
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static boolean selfIssued(X509Certificate certificate) {
		return Names.sameName(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
	}

}
