package io.github.mtls.identity;

import java.security.cert.CertificateParsingException;

/**
 * A presented certificate is over {@code mtls.max-certificate-size}: it is refused before its facts
 * are derived or remembered.
 */
public class CertificateTooLargeException extends CertificateParsingException {

	public CertificateTooLargeException(String message) {
		super(message);
	}

}
