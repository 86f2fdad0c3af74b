package io.github.mtls.policy;

import java.time.Instant;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import org.jspecify.annotations.Nullable;

/**
 * The checks every client certificate passes on every request, beyond the TLS handshake: its
 * validity window at the request time of the injected clock (an expired certificate must not keep
 * working on a kept-alive connection or a resumed session), and the usages computed once in
 * {@link CertificateFacts}: extended key usage allows clientAuth when present, key usage allows
 * digitalSignature when present, basic constraints do not say CA.
 */
public final class CertificatePolicy {

	/**
	 * Checks a leaf certificate.
	 * @param leaf the client's certificate
	 * @param now the request time
	 * @return the refusal, or {@code null} when the certificate may authenticate a client
	 */
	public @Nullable Refusal check(CertificateFacts leaf, Instant now) {
		if (now.isAfter(leaf.notAfter())) {
			return new Refusal(RefusalReason.CERTIFICATE_EXPIRED, "expired at " + leaf.notAfter());
		}
		if (now.isBefore(leaf.notBefore())) {
			return new Refusal(RefusalReason.CERTIFICATE_NOT_YET_VALID, "not valid before " + leaf.notBefore());
		}
		if (leaf.usageViolation() != null) {
			return new Refusal(RefusalReason.CERTIFICATE_POLICY, leaf.usageViolation());
		}
		return null;
	}

}
