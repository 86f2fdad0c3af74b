package io.github.mtls.audit;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In direct mode the server's own TLS handshake is where client certificates come from, so
 * {@code server.ssl.client-auth: none} means no client can ever authenticate: refused at startup.
 * {@code want} is allowed (useful when some paths are public): the starter still refuses every
 * request that needs an identity and came without a certificate, with {@code no_client_certificate}.
 * Proxy mode ({@code mtls.proxy.enabled}) skips this audit: the proxy terminates client TLS.
 */
public final class ClientAuthAudit implements StartupAudit {

	/** The property this audit inspects. */
	public static final String PROPERTY = "server.ssl.client-auth";

	private static final Logger logger = LoggerFactory.getLogger(ClientAuthAudit.class);

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		if (setup.proxyMode()) {
			return;
		}
		switch (setup.clientAuth()) {
			case NONE -> throw new ClientAuthNotRequestedException(setup.clientAuth());
			case NO_TLS -> logger.warn("mTLS is in direct mode but server.ssl is not enabled: no client certificate "
					+ "can reach the application and every request will be refused with no_client_certificate. "
					+ "Enable server.ssl with {}=need, or set mtls.proxy.enabled=true behind a TLS-terminating proxy",
					PROPERTY);
			case WANT, NEED -> {
			}
		}
	}

}
