package io.github.mtls.handshake;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;

/**
 * Names the reason code of a JSSE trust manager's {@link CertificateException}, as the pipeline
 * would have named it. The JDK wraps its PKIX failures in an internal {@code ValidatorException}
 * whose cause is the public {@link CertPathValidatorException} (with its reason and the index of the
 * failing certificate) or {@link CertPathBuilderException}; only its end-entity usage checks carry no
 * public cause and are recognised by their message. Anything else is refused as untrusted.
 */
final class HandshakeFailures {

	private HandshakeFailures() {
	}

	/**
	 * The refusal for {@code failure}; its detail names the cause's type, never its message (which
	 * may quote the certificate).
	 * @param failure what the trust manager threw
	 * @param peer the client's address, when known
	 */
	static Refusal refusal(CertificateException failure, @Nullable String peer) {
		return new Refusal(reason(failure), "refused in the TLS handshake (" + rootCause(failure).getClass().getSimpleName()
				+ ((peer != null) ? ", peer " + peer : "") + ")");
	}

	static RefusalReason reason(CertificateException failure) {
		CertPathValidatorException invalid = cause(failure, CertPathValidatorException.class);
		if (invalid != null) {
			// Index 0 is the client's own certificate; -1 when the JDK did not say which one failed.
			boolean leaf = invalid.getIndex() <= 0;
			if (invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
				return leaf ? RefusalReason.CERTIFICATE_EXPIRED : RefusalReason.CERTIFICATE_PATH_INVALID;
			}
			if (invalid.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
				return leaf ? RefusalReason.CERTIFICATE_NOT_YET_VALID : RefusalReason.CERTIFICATE_PATH_INVALID;
			}
			if (invalid.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
				return RefusalReason.CERTIFICATE_REVOKED;
			}
			return RefusalReason.CERTIFICATE_PATH_INVALID;
		}
		if (cause(failure, CertPathBuilderException.class) != null) {
			return RefusalReason.CERTIFICATE_UNTRUSTED;
		}
		if (cause(failure, CertificateExpiredException.class) != null) {
			return RefusalReason.CERTIFICATE_EXPIRED;
		}
		if (cause(failure, CertificateNotYetValidException.class) != null) {
			return RefusalReason.CERTIFICATE_NOT_YET_VALID;
		}
		String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
		// sun.security.validator.EndEntityChecker: "Extended key usage does not permit use for TLS
		// client authentication", "KeyUsage does not allow digital signatures".
		if (message.contains("key usage") || message.contains("keyusage")) {
			return RefusalReason.CERTIFICATE_POLICY;
		}
		return RefusalReason.CERTIFICATE_UNTRUSTED;
	}

	private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
		// Bounded: a cause chain is short, and a cycle must not hang the handshake.
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause.getCause() != null && depth < 16; depth++) {
			cause = cause.getCause();
		}
		return cause;
	}

}
