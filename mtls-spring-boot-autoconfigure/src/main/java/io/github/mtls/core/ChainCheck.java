package io.github.mtls.core;

import java.security.cert.X509Certificate;
import java.time.Instant;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import org.jspecify.annotations.Nullable;

/**
 * A check the pipeline runs on every request once the certificate has matched a pinned identity:
 * trust-anchor pinning and revocation plug in here. Implementations are beans, run in
 * {@link org.springframework.core.annotation.Order order}, and must be cheap on a warm path: do
 * slow work once per certificate and cache it.
 */
@FunctionalInterface
public interface ChainCheck {

	/**
	 * Checks one request's certificate chain.
	 * @param chain the chain as presented, leaf first
	 * @param leaf facts of {@code chain[0]}
	 * @param identity the identity the leaf matched
	 * @param now the request time, from the injected clock
	 * @return a refusal, or {@code null} to let the request through
	 */
	@Nullable Refusal check(X509Certificate[] chain, CertificateFacts leaf, ClientIdentity identity, Instant now);

}
