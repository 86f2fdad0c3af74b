package io.github.mtls.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.identity.CertificateFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about two certificates of the client trust store (anchors, or intermediates kept there) or
 * of the configured intermediates ({@code mtls.trust.intermediates}) whose subjects a name cannot
 * tell apart: the same name, which an {@code issuer-dn} pin matches for
 * either CA, or names that differ only by what {@link X500Principal} folds (Unicode compatibility
 * forms such as {@code Ａcme} for {@code Acme}, non-ASCII case, inner spacing), which look the same in
 * logs and to X.509 software that compares names that way, while {@code issuer-dn} matches only the
 * one written exactly. A warning, not a failure: a re-keyed CA legitimately keeps its name.
 */
public final class AnchorNamesAudit implements StartupAudit {

	private static final Logger logger = LoggerFactory.getLogger(AnchorNamesAudit.class);

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		// X500Principal's equality is its folding canonical form: each group is one name to a reader
		Map<X500Principal, List<CertificateFacts>> byFoldedName = new LinkedHashMap<>();
		List<CertificateFacts> trusted = new ArrayList<>(setup.anchors());
		trusted.addAll(setup.intermediates());
		for (CertificateFacts anchor : trusted) {
			List<CertificateFacts> group = byFoldedName.computeIfAbsent(anchor.certificate().getSubjectX500Principal(),
					(name) -> new ArrayList<>(1));
			if (group.stream().noneMatch((seen) -> seen.sha256().equals(anchor.sha256()))) {
				group.add(anchor);
			}
		}
		for (List<CertificateFacts> group : byFoldedName.values()) {
			for (int i = 0; i < group.size(); i++) {
				for (int j = i + 1; j < group.size(); j++) {
					warn(group.get(i), group.get(j), source(setup, group.get(i), group.get(j)));
				}
			}
		}
	}

	/** Where the two come from: the trust store, or the configured intermediates as well. */
	private static String source(MtlsSetup setup, CertificateFacts one, CertificateFacts other) {
		boolean anchors = setup.anchors().contains(one) || setup.anchors().contains(other);
		boolean intermediates = setup.intermediates().contains(one) || setup.intermediates().contains(other);
		return (anchors && intermediates) ? setup.trustSource() + " and mtls.trust.intermediates"
				: intermediates ? "mtls.trust.intermediates" : setup.trustSource();
	}

	private static void warn(CertificateFacts one, CertificateFacts other, String source) {
		boolean sameName = one.subject().equals(other.subject());
		logger.warn("mTLS trusted CA certificates \"{}\" (sha256 {}) and \"{}\" (sha256 {}) of {} {}; pin the CA you mean "
				+ "with mtls.trust.anchors-sha256, or remove the other", visible(one.subjectName()),
				one.shortFingerprint(), visible(other.subjectName()), other.shortFingerprint(), source,
				sameName ? "have the same name: an issuer-dn pin matches clients of either"
						: "have look-alike names (they differ only in Unicode look-alikes, non-ASCII case or spacing): "
								+ "issuer-dn matches only the one written exactly, but they read as one CA");
	}

	/** The name with everything but printable ASCII as {@code \\uXXXX}, so that look-alikes show. */
	private static String visible(String name) {
		StringBuilder visible = new StringBuilder(name.length());
		name.chars()
			.forEach((c) -> visible.append((c >= 0x20 && c < 0x7f) ? String.valueOf((char) c)
					: String.format("\\u%04X", c)));
		return visible.toString();
	}

}
