package io.github.mtls.core;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline decided for one request. Refusals are values, not exceptions, so every one is
 * logged, counted, audited and answered the same way.
 */
public sealed interface Decision permits Decision.Accepted, Decision.Refused {

	/** How the certificate reached the application. */
	CertificateOrigin origin();

	/** The client's leaf certificate, when one was presented and could be read. */
	@Nullable CertificateFacts certificate();

	/**
	 * The pinned identity the certificate is (or, for a refusal such as an expired certificate,
	 * would be): what metrics and Actuator count the decision under. {@code null} when no single
	 * identity matches.
	 */
	@Nullable ClientIdentity identity();

	/**
	 * The certificate is a pinned identity's and passed every check.
	 *
	 * @param identity the pinned identity
	 * @param certificate the client's leaf certificate
	 * @param origin how the certificate arrived
	 */
	record Accepted(ClientIdentity identity, CertificateFacts certificate, CertificateOrigin origin)
			implements Decision {
	}

	/**
	 * The request is refused.
	 *
	 * @param refusal the reason and its detail
	 * @param certificate the client's leaf certificate, when readable
	 * @param identity the identity the certificate matches, when exactly one does
	 * @param origin how the certificate arrived
	 */
	record Refused(Refusal refusal, @Nullable CertificateFacts certificate, @Nullable ClientIdentity identity,
			CertificateOrigin origin) implements Decision {

		public RefusalReason reason() {
			return this.refusal.reason();
		}

	}

}
