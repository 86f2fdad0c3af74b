package io.github.mtls.policy;

import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;

/**
 * Where a certificate stands in its validity window at a given time, as shown by Actuator, health
 * and the startup audits.
 */
public enum CertificateStatus {

	/** Valid, and not expiring within the warning threshold. */
	VALID,

	/** Valid, but expiring within the warning threshold ({@code mtls.expiry.warning-threshold}). */
	EXPIRING_SOON,

	/** Past its notAfter. */
	EXPIRED,

	/** Before its notBefore. */
	NOT_YET_VALID;

	public static CertificateStatus of(X509Certificate certificate, Instant now, Duration warningThreshold) {
		return of(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now,
				warningThreshold);
	}

	public static CertificateStatus of(Instant notBefore, Instant notAfter, Instant now, Duration warningThreshold) {
		if (now.isBefore(notBefore)) {
			return NOT_YET_VALID;
		}
		if (now.isAfter(notAfter)) {
			return EXPIRED;
		}
		return now.plus(warningThreshold).isAfter(notAfter) ? EXPIRING_SOON : VALID;
	}

	/** Whether the certificate cannot be used at all. */
	public boolean unusable() {
		return this == EXPIRED || this == NOT_YET_VALID;
	}

}
