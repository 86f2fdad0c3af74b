package io.github.mtls.proxy;

import java.security.cert.X509Certificate;

import io.github.mtls.core.Refusal;

/**
 * What a trusted proxy's headers say about the client certificate: a chain, no certificate at all,
 * or a refusal (malformed header, untrusted chain, ...).
 */
public sealed interface ForwardedChain permits ForwardedChain.Present, ForwardedChain.Absent, ForwardedChain.Refused {

	/** The headers carried no client certificate (missing or empty), as a proxy sends for a client without one. */
	ForwardedChain ABSENT = new Absent();

	/**
	 * A decoded (and, when re-validation is on, PKIX-validated) chain, leaf first. The array is
	 * shared by every request with the same headers: callers must not modify it.
	 *
	 * @param chain the chain, leaf first, without the trust anchor
	 */
	record Present(X509Certificate[] chain) implements ForwardedChain {
	}

	/** No client certificate was forwarded. */
	record Absent() implements ForwardedChain {
	}

	/**
	 * The forwarded certificate is refused before the pipeline.
	 *
	 * @param refusal the reason and detail
	 */
	record Refused(Refusal refusal) implements ForwardedChain {
	}

}
