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
 * Warns about two certificates of the client trust store (anchors, or intermediates kept there)
 * whose subjects a name cannot tell apart: the same name, which an {@code issuer-dn} pin matches for
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
		for (CertificateFacts anchor : setup.anchors()) {
			List<CertificateFacts> group = byFoldedName.computeIfAbsent(anchor.certificate().getSubjectX500Principal(),
					(name) -> new ArrayList<>(1));
			if (group.stream().noneMatch((seen) -> seen.sha256().equals(anchor.sha256()))) {
				group.add(anchor);
			}
		}
		for (List<CertificateFacts> group : byFoldedName.values()) {
			for (int i = 0; i < group.size(); i++) {
				for (int j = i + 1; j < group.size(); j++) {
					warn(group.get(i), group.get(j), setup.trustSource());
				}
			}
		}
	}

	private static void warn(CertificateFacts one, CertificateFacts other, String source) {
		boolean sameName = one.subject().equals(other.subject());
		logger.warn("mTLS trust anchors \"{}\" (sha256 {}) and \"{}\" (sha256 {}) of {} {}; pin the CA you mean "
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
