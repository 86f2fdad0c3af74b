package io.github.mtls.audit;

import io.github.mtls.policy.CertificateRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.policy.CertificateStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an expired or not-yet-valid trust anchor or server certificate (the JDK's PKIX validation
 * does not check a trust anchor's own validity, so an expired CA would go on being trusted), and
 * warns about one that expires within {@code mtls.expiry.warning-threshold}. Renew the certificate
 * or remove it from the store; {@code mtls.audit.allow-expired-certificates: true} starts anyway and
 * logs it at ERROR.
 */
public final class CertificateValidityAudit implements StartupAudit {

	/** The property that sets how early an expiry is warned about. */
	public static final String THRESHOLD_PROPERTY = "mtls.expiry.warning-threshold";

	/** The property that allows an unusable certificate. */
	public static final String PROPERTY = "mtls.audit.allow-expired-certificates";

	private static final Logger logger = LoggerFactory.getLogger(CertificateValidityAudit.class);

	private final Duration warningThreshold;

	private final boolean allowUnusable;

	public CertificateValidityAudit(Duration warningThreshold, boolean allowUnusable) {
		this.warningThreshold = warningThreshold;
		this.allowUnusable = allowUnusable;
	}

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		audit(CertificateRole.TRUST_ANCHOR, setup.trustSource(), setup.anchors(), now);
		audit(CertificateRole.SERVER, "server.ssl", setup.serverChain(), now);
	}

	private String threshold() {
		Duration threshold = this.warningThreshold;
		if (!threshold.isZero() && threshold.toSeconds() % 86_400 == 0 && threshold.toNanosPart() == 0) {
			return threshold.toDays() + "d";
		}
		return threshold.toString();
	}

	private void audit(CertificateRole role, String source, List<CertificateFacts> certificates,
			Instant now) {
		for (CertificateFacts certificate : certificates) {
			CertificateStatus status = CertificateStatus.of(certificate.notBefore(), certificate.notAfter(), now,
					this.warningThreshold);
			if (status.unusable() && this.allowUnusable) {
				logger.error("mTLS {} \"{}\" (sha256 {}, {}) is {} (valid {} to {}), allowed by {}", role.description(),
						certificate.subjectName(), certificate.sha256(), source,
						(status == CertificateStatus.EXPIRED) ? "expired" : "not yet valid", certificate.notBefore(),
						certificate.notAfter(), PROPERTY);
			}
			else if (status.unusable()) {
				throw new UnusableCertificateException(role, source, certificate.subjectName(), certificate.sha256(),
						status, certificate.notBefore(), certificate.notAfter());
			}
			if (status == CertificateStatus.EXPIRING_SOON) {
				logger.warn("mTLS {} \"{}\" (sha256 {}, {}) expires at {}, within {} ({})", role.description(),
						certificate.subjectName(), certificate.sha256(), source, certificate.notAfter(),
						THRESHOLD_PROPERTY, threshold());
			}
		}
	}

}
