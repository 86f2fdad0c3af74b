package io.github.mtls.test;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * Presents one test certificate and its chain. Unlike the JDK's key managers it needs no key store
 * (whose PKCS#12 key encryption costs more than making the certificate) and it ignores the CAs the
 * server names in its request, so that a test of a certificate from an untrusted CA sees the
 * server refuse that certificate instead of a client that sends none.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "identity";

	private final PrivateKey privateKey;

	private final X509Certificate[] chain;

	IdentityKeyManager(TestCertificate identity) {
		this.privateKey = identity.privateKey();
		this.chain = identity.chain().toArray(X509Certificate[]::new);
	}

	@Override
	public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		return matches(keyType) ? new String[] { ALIAS } : new String[0];
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyTypes, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return Arrays.stream(keyTypes).anyMatch(this::matches) ? ALIAS : null;
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyTypes, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		return chooseClientAlias(keyTypes, issuers, null);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		return new String[0];
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return null;
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? this.chain.clone() : null;
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? this.privateKey : null;
	}

	private boolean matches(String keyType) {
		return keyType.equals(this.privateKey.getAlgorithm());
	}

}
