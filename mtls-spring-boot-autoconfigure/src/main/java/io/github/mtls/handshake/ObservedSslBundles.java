package io.github.mtls.handshake;

import java.security.KeyStore;
import java.security.Provider;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;

/**
 * The application's SSL bundles as a web server sees them: each bundle's trust managers observed,
 * everything else (stores, key, options, protocol, key managers) the bundle's own. The updated
 * bundles a reload hands to the server's update handlers are observed in turn.
 */
final class ObservedSslBundles implements SslBundles {

	private static final Provider PROVIDER = new Provider("MtlsObservedTrust", "1.0",
			"The SSL bundle's trust managers, observed") {
	};

	private final SslBundles bundles;

	private final HandshakeRefusals refusals;

	private final boolean defer;

	ObservedSslBundles(SslBundles bundles, HandshakeRefusals refusals, boolean defer) {
		this.bundles = bundles;
		this.refusals = refusals;
		this.defer = defer;
	}

	@Override
	public SslBundle getBundle(String name) throws NoSuchSslBundleException {
		return observe(this.bundles.getBundle(name));
	}

	@Override
	public void addBundleUpdateHandler(String name, Consumer<SslBundle> updateHandler)
			throws NoSuchSslBundleException {
		this.bundles.addBundleUpdateHandler(name, (updated) -> updateHandler.accept(observe(updated)));
	}

	@Override
	public void addBundleRegisterHandler(BiConsumer<String, SslBundle> registerHandler) {
		this.bundles.addBundleRegisterHandler((name, bundle) -> registerHandler.accept(name, observe(bundle)));
	}

	@Override
	public List<String> getBundleNames() {
		return this.bundles.getBundleNames();
	}

	SslBundle observe(SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		TrustManagerFactory trust = managers.getTrustManagerFactory();
		TrustManager[] observed = ObservedTrustManager.observe(trust.getTrustManagers(), this.refusals, this.defer);
		return SslBundle.of(bundle.getStores(), bundle.getKey(), bundle.getOptions(), bundle.getProtocol(),
				SslManagerBundle.of(managers.getKeyManagerFactory(), fixed(observed, trust.getAlgorithm())));
	}

	/** A factory that hands out the observed managers, as the bundle's hands out its own. */
	private static TrustManagerFactory fixed(TrustManager[] trustManagers, String algorithm) {
		TrustManagerFactorySpi spi = new TrustManagerFactorySpi() {

			@Override
			protected void engineInit(KeyStore keyStore) {
			}

			@Override
			protected void engineInit(ManagerFactoryParameters parameters) {
			}

			@Override
			protected TrustManager[] engineGetTrustManagers() {
				return trustManagers.clone();
			}

		};
		return new TrustManagerFactory(spi, PROVIDER, algorithm) {
		};
	}

}
