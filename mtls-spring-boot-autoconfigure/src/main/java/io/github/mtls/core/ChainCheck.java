package io.github.mtls.core;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.path.CertificationPath;
import org.jspecify.annotations.Nullable;

/**
 * A check the pipeline runs on every request once the path is valid and the certificate has matched
 * a pinned identity: trust-anchor pinning and revocation plug in here. Implementations are beans, run
 * in {@link org.springframework.core.annotation.Order order}, and must be cheap on a warm path: do
 * slow work once per certificate and cache it.
 */
@FunctionalInterface
public interface ChainCheck {

	/**
	 * Checks one request's certificate chain.
	 * @param chain the validated path, the leaf's facts, its identity and the request time; report
	 * every step to its {@link ChainCheck.Context#trace() trace}
	 * @return a refusal, or {@code null} to let the request through
	 */
	@Nullable Refusal check(Context chain);

	/**
	 * The work {@link #check} would wait for on this request, started and not yet done: a
	 * non-blocking caller waits for it off its thread, then calls {@link #check}, which answers in
	 * place. The default has nothing to wait for.
	 * @param chain as for {@link #check}
	 * @return the pending work, or {@code null} when {@link #check} can answer without waiting
	 */
	default @Nullable CompletableFuture<?> pending(Context chain) {
		return null;
	}

	/**
	 * What a check sees of a request.
	 *
	 * @param path the validated path (leaf first, with its anchor); when the path is not validated by
	 * the application (a proxy trusted to have done it), the chain as presented, without an anchor
	 * @param presented the chain as presented: leaf first, then every other certificate sent with it
	 * @param leaf facts of the leaf
	 * @param identity the identity the leaf matched
	 * @param now the request time, from the injected clock
	 * @param trace where diagnostics report each step; {@link Trace#NONE} for requests
	 */
	record Context(CertificationPath path, List<X509Certificate> presented, CertificateFacts leaf,
			ClientIdentity identity, Instant now, Trace trace) {

		/** A request whose chain the application did not validate, as a trusted proxy forwarded it. */
		public static Context unvalidated(X509Certificate[] chain, CertificateFacts leaf, ClientIdentity identity,
				Instant now) {
			return new Context(new CertificationPath(List.of(chain), null), List.of(chain), leaf, identity, now,
					Trace.NONE);
		}

	}

}
