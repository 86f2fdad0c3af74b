package io.github.mtls.policy;

import java.time.Instant;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import org.jspecify.annotations.Nullable;

/**
 * The checks every client certificate passes on every request, beyond the TLS handshake: its
 * validity window at the request time of the injected clock (an expired certificate must not keep
 * working on a kept-alive connection or a resumed session), and the {@link LeafRequirements} on the
 * usage extensions read once in {@link CertificateFacts}: by default extended key usage allows
 * clientAuth and key usage allows digitalSignature when present; basic constraints never say CA;
 * a certificate with a SPIFFE ID follows the {@link X509SvidRules}.
 */
public final class CertificatePolicy {

	private final LeafRequirements requirements;

	/** The policy with the {@link LeafRequirements#defaults() default} leaf requirements. */
	public CertificatePolicy() {
		this(LeafRequirements.defaults());
	}

	/**
	 * The policy with the given leaf requirements.
	 * @param requirements what a client certificate must carry
	 */
	public CertificatePolicy(LeafRequirements requirements) {
		this.requirements = requirements;
	}

	/** The leaf requirements this policy checks. */
	public LeafRequirements requirements() {
		return this.requirements;
	}

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
		String svid = X509SvidRules.violation(leaf);
		if (svid != null) {
			return new Refusal(RefusalReason.CERTIFICATE_POLICY, svid);
		}
		String violation = this.requirements.violation(leaf);
		if (violation != null) {
			return new Refusal(RefusalReason.CERTIFICATE_POLICY, violation);
		}
		return null;
	}

}
