package io.github.mtls.handshake;

import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.jsse.JSSEUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Observes Tomcat's client-certificate decisions. Boot hands the SSL bundle's stores to Tomcat,
 * which builds its own PKIX trust manager from the trust store; this customizer builds each host's
 * {@code SSLContext} the way Tomcat would ({@link JSSEUtil}, same key and trust material, same
 * session settings) with that trust manager wrapped in an {@link ObservedTrustManager}, and provides
 * it to Tomcat. On a bundle reload ({@code reload-on-update}) Boot replaces the host configuration,
 * and the new one is wrapped in turn: the update handlers run in registration order, Boot's first.
 */
public final class TomcatHandshakeObservation implements TomcatConnectorCustomizer {

	private final HandshakeRefusals refusals;

	private final boolean defer;

	private final @Nullable SslBundles bundles;

	private final List<String> bundleNames;

	/** Host configurations already given an observed context (Boot builds new ones on reload). */
	private final Set<SSLHostConfig> observed = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/**
	 * Creates the customizer.
	 * @param refusals where refusals are published
	 * @param defer whether the handshake defers its refusals to the pipeline
	 * @param bundles the SSL bundles, to follow reloads
	 * @param bundleNames the bundles the server uses ({@code server.ssl.bundle} and per-host bundles)
	 */
	public TomcatHandshakeObservation(HandshakeRefusals refusals, boolean defer, @Nullable SslBundles bundles,
			List<String> bundleNames) {
		this.refusals = refusals;
		this.defer = defer;
		this.bundles = bundles;
		this.bundleNames = List.copyOf(bundleNames);
	}

	@Override
	public void customize(Connector connector) {
		if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) || !protocol.isSSLEnabled()) {
			return;
		}
		observe(protocol, false);
		if (this.bundles != null) {
			for (String name : this.bundleNames) {
				this.bundles.addBundleUpdateHandler(name, (updated) -> observe(protocol, true));
			}
		}
	}

	private void observe(AbstractHttp11Protocol<?> protocol, boolean running) {
		for (SSLHostConfig host : protocol.findSslHostConfigs()) {
			if (!this.observed.add(host)) {
				continue;
			}
			for (SSLHostConfigCertificate certificate : host.getCertificates(true)) {
				certificate.setSslContext(observedContext(certificate));
			}
			if (running) {
				// Swaps in the provided context; until then the new host answered with Tomcat's own,
				// which judges every chain the same and, deferring or not, refuses what it does not trust.
				protocol.reloadSslHostConfig(host.getHostName());
			}
		}
	}

	private org.apache.tomcat.util.net.SSLContext observedContext(SSLHostConfigCertificate certificate) {
		JSSEUtil tomcat = new JSSEUtil(certificate) {

			@Override
			public TrustManager[] getTrustManagers() throws Exception {
				return observe(super.getTrustManagers());
			}

		};
		try {
			// JSSE ignores the ALPN protocols here; Tomcat sets them on each engine.
			return tomcat.createSSLContext(List.of());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create the server's SSL context: " + ex.getMessage(), ex);
		}
	}

	private TrustManager[] observe(TrustManager @Nullable [] trustManagers) throws Exception {
		if (trustManagers == null) {
			// No trust store: the JDK's default trust manager, as SSLContext.init(keys, null) would use.
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			trustManagers = factory.getTrustManagers();
		}
		return ObservedTrustManager.observe(trustManagers, this.refusals, this.defer);
	}

}
