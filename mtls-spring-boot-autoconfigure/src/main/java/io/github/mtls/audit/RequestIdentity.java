package io.github.mtls.audit;

import io.github.mtls.core.Decision;
import io.github.mtls.identity.CertificateFacts;
import org.slf4j.MDC;

/**
 * Puts who called into the logging MDC for the duration of a request, so every log line of the
 * request names the client: {@code mtls.identity}, {@code mtls.serial}, {@code mtls.fingerprint}
 * (SHA-256), {@code mtls.source} ({@code direct} or {@code proxy:<address>}) and, for refusals,
 * {@code mtls.reason}.
 */
public final class RequestIdentity {

	public static final String IDENTITY = "mtls.identity";

	public static final String SERIAL = "mtls.serial";

	public static final String FINGERPRINT = "mtls.fingerprint";

	public static final String SOURCE = "mtls.source";

	public static final String REASON = "mtls.reason";

	private RequestIdentity() {
	}

	/** Puts the decision into the MDC. */
	public static void put(Decision decision) {
		CertificateFacts certificate = decision.certificate();
		if (certificate != null) {
			MDC.put(SERIAL, certificate.serial());
			MDC.put(FINGERPRINT, certificate.sha256());
		}
		MDC.put(SOURCE, decision.origin().toString());
		if (decision instanceof Decision.Accepted accepted) {
			MDC.put(IDENTITY, accepted.identity().name());
		}
		else {
			MDC.put(REASON, ((Decision.Refused) decision).reason().code());
		}
	}

	/** Removes what {@link #put} added. */
	public static void clear() {
		MDC.remove(IDENTITY);
		MDC.remove(SERIAL);
		MDC.remove(FINGERPRINT);
		MDC.remove(SOURCE);
		MDC.remove(REASON);
	}

}
