package io.github.mtls.test;

/**
 * How an {@link OcspResponder} or a {@link CrlEndpoint} misbehaves, to test that nothing it says
 * is taken for a good status.
 */
public enum ResponderFault {

	/** Answers correctly, but only after a long delay (ten seconds unless configured). */
	SLOW,

	/** Accepts the connection and closes it without answering. */
	DOWN,

	/** Answers 200 with random bytes. */
	GARBAGE,

	/** Answers with a body of 8 MiB. */
	HUGE,

	/** Signs with a key that the issuer never authorised (the issuer's name, another key). */
	WRONG_SIGNER,

	/** Answers about another serial number (OCSP only). */
	OTHER_SERIAL,

	/** Answers with a status whose nextUpdate is a day in the past. */
	EXPIRED,

	/** Echoes a nonce other than the request's (OCSP only). */
	WRONG_NONCE

}
