package io.github.mtls.audit;

/**
 * The server does not ask for client certificates ({@code server.ssl.client-auth: none}) in direct
 * mode, so no client could ever authenticate.
 */
public class ClientAuthNotRequestedException extends RuntimeException {

	private final MtlsSetup.ClientAuth clientAuth;

	public ClientAuthNotRequestedException(MtlsSetup.ClientAuth clientAuth) {
		super("'" + ClientAuthAudit.PROPERTY + "' is " + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
				+ " in direct mode: the server never asks for a client certificate; set it to need (or want), "
				+ "or set 'mtls.proxy.enabled' behind a TLS-terminating proxy");
		this.clientAuth = clientAuth;
	}

	/** The configured client authentication. */
	public MtlsSetup.ClientAuth getClientAuth() {
		return this.clientAuth;
	}

}
