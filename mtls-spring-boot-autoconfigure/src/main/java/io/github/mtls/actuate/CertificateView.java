package io.github.mtls.actuate;

import java.time.Instant;

import io.github.mtls.policy.CertificateStatus;

/**
 * A certificate as shown by the {@code mtls} endpoint and health details: public facts only.
 *
 * @param subject subject DN (RFC 2253)
 * @param issuer issuer DN (RFC 2253)
 * @param serial serial number, lowercase hex
 * @param sha256 SHA-256 fingerprint of the DER encoding, lowercase hex
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param remainingSeconds seconds until notAfter, negative once expired (as the
 * {@code mtls.certificate.expiry} gauge)
 * @param status where the certificate stands at the time of the report
 */
public record CertificateView(String subject, String issuer, String serial, String sha256, Instant notBefore,
		Instant notAfter, long remainingSeconds, CertificateStatus status) {

}
