package io.github.mtls.audit;

import java.time.Instant;
import java.util.List;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.path.CertificateProfile;
import io.github.mtls.path.ProfileMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every trust anchor's own certificate against the certificate profile (RFC 5280 section
 * 4) before the first client: a breach the configured {@code mtls.trust.profile} enforces stops
 * startup, naming the anchor and the rule; a breach only {@code compatible} accepts is logged, so the
 * user knows which anchors need it and why.
 */
public final class TrustAnchorProfileAudit implements StartupAudit {

	/** The property that chooses the profile. */
	public static final String PROPERTY = "mtls.trust.profile";

	private static final Logger logger = LoggerFactory.getLogger(TrustAnchorProfileAudit.class);

	private final ProfileMode mode;

	public TrustAnchorProfileAudit(ProfileMode mode) {
		this.mode = mode;
	}

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		for (CertificateFacts anchor : setup.anchors()) {
			List<CertificateProfile.Violation> violations = CertificateProfile.anchorViolations(anchor.certificate());
			for (CertificateProfile.Violation violation : violations) {
				if (this.mode.enforces(violation.rule())) {
					throw new NonConformingAnchorException(anchor.subjectName(), anchor.sha256(), setup.trustSource(),
							violation.message(), violation.rule().relaxable());
				}
				logger.warn("mTLS trust anchor \"{}\" (sha256 {}, {}) is accepted only because {}=compatible: {}",
						anchor.subjectName(), anchor.sha256(), setup.trustSource(), PROPERTY, violation.message());
			}
		}
	}

}
