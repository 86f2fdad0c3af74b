package io.github.mtls.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.policy.CertificateStatus;

/**
 * Classifies certificates against the injected clock and {@code mtls.expiry.warning-threshold}:
 * the one place the endpoint, health, metrics and the warning log take their time from.
 */
public final class CertificateExpiry {

	private final Clock clock;

	private final Duration warningThreshold;

	public CertificateExpiry(Clock clock, Duration warningThreshold) {
		this.clock = clock;
		this.warningThreshold = warningThreshold;
	}

	public Instant now() {
		return this.clock.instant();
	}

	public Duration warningThreshold() {
		return this.warningThreshold;
	}

	public CertificateStatus status(CertificateFacts certificate) {
		return CertificateStatus.of(certificate.notBefore(), certificate.notAfter(), now(), this.warningThreshold);
	}

	/** Seconds until notAfter, negative once expired: the convention of Boot's {@code ssl.chain.expiry}. */
	public long remainingSeconds(CertificateFacts certificate) {
		return Duration.between(now(), certificate.notAfter()).getSeconds();
	}

	public CertificateView view(CertificateFacts certificate) {
		Instant now = now();
		return new CertificateView(certificate.subjectName(), certificate.issuerName(), certificate.serial(),
				certificate.sha256(), certificate.notBefore(), certificate.notAfter(),
				Duration.between(now, certificate.notAfter()).getSeconds(), CertificateStatus
					.of(certificate.notBefore(), certificate.notAfter(), now, this.warningThreshold));
	}

}
