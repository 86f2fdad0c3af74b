package io.github.mtls.factor;

/** Which second factor a request must present on top of its client certificate. */
public enum SecondFactorKind {

	/** The client certificate alone authenticates. */
	NONE,

	/** An OAuth 2 access token bound to the client certificate and issued to the same identity. */
	BEARER,

	/** The identity's own client secret (HTTP Basic with the identity's name, or an API-key header). */
	SECRET

}
