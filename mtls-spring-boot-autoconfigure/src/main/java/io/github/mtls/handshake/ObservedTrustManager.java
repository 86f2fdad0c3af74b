package io.github.mtls.handshake;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

/**
 * The server's own trust manager, observed: it decides exactly as before, and each client chain it
 * refuses is {@link HandshakeRefusals published} before its exception is rethrown unchanged. With
 * deferred refusals it accepts every client chain instead (the handshake still requires a
 * certificate and the proof of its private key) and leaves the judgement to the pipeline, which
 * validates the path against the client trust anchors. Server chains are never touched.
 */
public final class ObservedTrustManager extends X509ExtendedTrustManager {

	private final X509TrustManager delegate;

	private final HandshakeRefusals refusals;

	private final boolean defer;

	/**
	 * Wraps a trust manager.
	 * @param delegate the trust manager built from the SSL bundle's trust store
	 * @param refusals where refusals are published
	 * @param defer whether to accept every client chain and leave its judgement to the pipeline
	 */
	public ObservedTrustManager(X509TrustManager delegate, HandshakeRefusals refusals, boolean defer) {
		this.delegate = delegate;
		this.refusals = refusals;
		this.defer = defer;
	}

	/**
	 * The server's trust managers with each X.509 one observed, the others as they were.
	 * @param trustManagers the trust managers built from the SSL bundle's trust material
	 * @param refusals where refusals are published
	 * @param defer whether to accept every client chain and leave its judgement to the pipeline
	 * @return a copy of {@code trustManagers}, observed
	 */
	public static TrustManager[] observe(TrustManager[] trustManagers, HandshakeRefusals refusals, boolean defer) {
		TrustManager[] observed = trustManagers.clone();
		for (int i = 0; i < observed.length; i++) {
			if (observed[i] instanceof X509TrustManager x509 && !(x509 instanceof ObservedTrustManager)) {
				observed[i] = new ObservedTrustManager(x509, refusals, defer);
			}
		}
		return observed;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		check(chain, null, () -> this.delegate.checkClientTrusted(chain, authType));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		String peer = (socket != null && socket.getInetAddress() != null)
				? socket.getInetAddress().getHostAddress() + ":" + socket.getPort() : null;
		check(chain, peer, () -> {
			if (this.delegate instanceof X509ExtendedTrustManager extended) {
				extended.checkClientTrusted(chain, authType, socket);
			}
			else {
				this.delegate.checkClientTrusted(chain, authType);
			}
		});
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		// Tomcat creates its engines without the peer's address, so this is often unknown.
		String peer = (engine != null && engine.getPeerHost() != null)
				? engine.getPeerHost() + ":" + engine.getPeerPort() : null;
		check(chain, peer, () -> {
			if (this.delegate instanceof X509ExtendedTrustManager extended) {
				extended.checkClientTrusted(chain, authType, engine);
			}
			else {
				this.delegate.checkClientTrusted(chain, authType);
			}
		});
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		if (this.delegate instanceof X509ExtendedTrustManager extended) {
			extended.checkServerTrusted(chain, authType, socket);
		}
		else {
			this.delegate.checkServerTrusted(chain, authType);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		if (this.delegate instanceof X509ExtendedTrustManager extended) {
			extended.checkServerTrusted(chain, authType, engine);
		}
		else {
			this.delegate.checkServerTrusted(chain, authType);
		}
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		// Still the bundle's CAs in the certificate request, so that clients pick the right certificate.
		return this.delegate.getAcceptedIssuers();
	}

	private void check(X509Certificate[] chain, @Nullable String peer, Check check) throws CertificateException {
		if (this.defer && chain != null && chain.length > 0) {
			return;
		}
		try {
			check.run();
		}
		catch (CertificateException ex) {
			if (chain != null && chain.length > 0) {
				this.refusals.refused(chain, ex, peer);
			}
			throw ex;
		}
	}

	@FunctionalInterface
	private interface Check {

		void run() throws CertificateException;

	}

}
