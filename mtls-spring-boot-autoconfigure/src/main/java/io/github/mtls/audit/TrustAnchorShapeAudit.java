package io.github.mtls.audit;

import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.util.List;

import io.github.mtls.identity.CertificateFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about a trust anchor that is not a CA certificate: a leaf (an end-entity certificate with a
 * server or client usage) or a v3 certificate without the CA basic constraint. Trusting a client's
 * own certificate directly works, but it bypasses the CA's lifecycle (no revocation, no renewal
 * without a redeploy); pin the certificate with {@code mtls.identities.<name>.fingerprint-sha256}
 * and trust its issuer instead. A warning, not a failure, because self-signed clients are a
 * legitimate, if rare, design.
 */
public final class TrustAnchorShapeAudit implements StartupAudit {

	private static final Logger logger = LoggerFactory.getLogger(TrustAnchorShapeAudit.class);

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		for (CertificateFacts anchor : setup.anchors()) {
			// Version 1 certificates have no extensions; old roots are v1 and are CAs by convention.
			if (anchor.certificate().getVersion() < 3 && anchor.selfIssued()) {
				continue;
			}
			if (anchor.certificate().getBasicConstraints() == -1) {
				logger.warn("mTLS trust anchor \"{}\" (sha256 {}, {}) is {}: trust the CA that issued it and pin "
						+ "the certificate with mtls.identities.<name>.fingerprint-sha256 instead", anchor.subjectName(),
						anchor.sha256(), setup.trustSource(),
						leaf(anchor) ? "a leaf certificate, not a CA" : "not a CA certificate (no CA basic constraint)");
			}
		}
	}

	private static boolean leaf(CertificateFacts anchor) {
		try {
			List<String> usages = anchor.certificate().getExtendedKeyUsage();
			return !anchor.selfIssued() || (usages != null && !usages.isEmpty());
		}
		catch (CertificateParsingException ex) {
			return true;
		}
	}

}
