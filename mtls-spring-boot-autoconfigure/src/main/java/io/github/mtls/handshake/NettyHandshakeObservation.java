package io.github.mtls.handshake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Observes Reactor Netty's client-certificate decisions. Boot builds the server's Netty
 * {@code SslContext} from the SSL bundle's key and trust manager factories (its
 * {@code SslServerCustomizer}, with the bundle's protocols and ciphers, {@code client-auth}, HTTP/2
 * and per-host bundles); this customizer hands the factory the same bundles with their trust
 * managers observed, so that Boot's own code builds the context exactly as before. A reload
 * ({@code reload-on-update}) reaches Boot's update handler through the same bundles, observed.
 * Runs after Boot's customizer that sets the bundles.
 */
public final class NettyHandshakeObservation implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(NettyHandshakeObservation.class);

	private final HandshakeRefusals refusals;

	private final boolean defer;

	/**
	 * Creates the customizer.
	 * @param refusals where refusals are published
	 * @param defer whether the handshake defers its refusals to the pipeline
	 */
	public NettyHandshakeObservation(HandshakeRefusals refusals, boolean defer) {
		this.refusals = refusals;
		this.defer = defer;
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		Ssl ssl = factory.getSsl();
		if (!Ssl.isEnabled(ssl)) {
			return;
		}
		SslBundles bundles = factory.getSslBundles();
		if (ssl.getBundle() == null || bundles == null) {
			// server.ssl.key-store and friends: Boot builds that bundle itself, out of reach.
			if (this.defer) {
				throw new IllegalStateException("mtls.handshake.defer-refusals=true needs the Reactor Netty server's "
						+ "SSL from an SSL bundle (server.ssl.bundle), not from server.ssl.key-store or "
						+ "server.ssl.certificate properties");
			}
			logger.warn("mTLS handshake refusals are not observed: Reactor Netty's SSL is configured without "
					+ "server.ssl.bundle");
			return;
		}
		if (!(bundles instanceof ObservedSslBundles)) {
			factory.setSslBundles(new ObservedSslBundles(bundles, this.refusals, this.defer));
		}
	}

	@Override
	public int getOrder() {
		// After Boot's ReactiveWebServerFactoryCustomizer (order 0), which sets the bundles.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
