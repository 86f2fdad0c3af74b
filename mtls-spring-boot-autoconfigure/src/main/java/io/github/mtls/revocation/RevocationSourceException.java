package io.github.mtls.revocation;

/**
 * A revocation source could not give a verified answer: unreachable, too slow, too large, garbage,
 * badly signed, stale or about something else. The message is for operators.
 */
public class RevocationSourceException extends Exception {

	RevocationSourceException(String message) {
		super(message, null, false, false);
	}

	RevocationSourceException(String message, Throwable cause) {
		super(message + ": " + cause.getMessage(), cause, false, false);
	}

}
