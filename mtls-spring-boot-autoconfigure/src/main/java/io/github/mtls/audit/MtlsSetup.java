package io.github.mtls.audit;

import java.util.List;
import java.util.Set;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.IdentityIndex;

/**
 * The mTLS set-up as configured, gathered once at startup for the {@link StartupAudit audits} and
 * the {@link TrustReport report}.
 *
 * @param trustSource where the client trust anchors come from ({@code server.ssl}, {@code bundle 'x'})
 * @param anchors the client trust anchors
 * @param serverChain the server's own certificate chain, leaf first; empty without TLS
 * @param clientAuth how the server asks for client certificates
 * @param proxyMode whether certificates arrive from a trusted proxy ({@code mtls.proxy.enabled})
 * @param production whether a production profile ({@code prod}) is active
 * @param identities the pinned identities
 * @param pinnedAnchors the pinned anchor fingerprints ({@code mtls.trust.anchors-sha256}), canonical
 * @param revocation the revocation mode, as shown in the report
 * @param validation the path-validation inputs and the leaf requirements, as shown in the report
 * @param intermediates the configured intermediate CA certificates ({@code mtls.trust.intermediates})
 */
public record MtlsSetup(String trustSource, List<CertificateFacts> anchors, List<CertificateFacts> serverChain,
		ClientAuth clientAuth, boolean proxyMode, boolean production, IdentityIndex identities,
		Set<String> pinnedAnchors, String revocation, String validation, List<CertificateFacts> intermediates) {

	public MtlsSetup {
		anchors = List.copyOf(anchors);
		intermediates = List.copyOf(intermediates);
		serverChain = List.copyOf(serverChain);
		pinnedAnchors = Set.copyOf(pinnedAnchors);
	}

	/** {@code server.ssl.client-auth}, or {@link #NO_TLS} when the server does not serve TLS itself. */
	public enum ClientAuth {

		/** The server does not ask for a client certificate. */
		NONE,

		/** The server asks, and the handshake succeeds without one. */
		WANT,

		/** The handshake fails without a client certificate. */
		NEED,

		/** {@code server.ssl} is not enabled: no client certificate can reach the application directly. */
		NO_TLS

	}

}
