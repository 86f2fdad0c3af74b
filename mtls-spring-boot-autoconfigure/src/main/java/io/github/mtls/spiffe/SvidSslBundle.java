package io.github.mtls.spiffe;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

/**
 * The workload's SVID and key as an SSL bundle, with every trust domain's CAs as its trust store:
 * registered with Boot's {@link SslBundleRegistry} under its name and replaced through
 * {@link SslBundleRegistry#updateBundle} on every update, so that the web server (Tomcat or Netty)
 * serves the new SVID on the next handshake, and code that follows the bundle (the client trust
 * anchors, when {@code server.ssl.bundle} or {@code mtls.trust.bundle} names it) follows the bundles.
 */
public final class SvidSslBundle implements SslBundleRegistrar {

	private final String name;

	private volatile SslBundle current;

	private volatile @Nullable SslBundleRegistry registry;

	/**
	 * Creates the bundle from the first update.
	 * @param name the bundle name ({@code mtls.spiffe.bundle-name})
	 * @param first the first update of the Workload API
	 */
	public SvidSslBundle(String name, WorkloadUpdate first) {
		this.name = name;
		this.current = bundle(first);
	}

	/** The bundle name. */
	public String name() {
		return this.name;
	}

	@Override
	public void registerBundles(SslBundleRegistry registry) {
		registry.registerBundle(this.name, this.current);
		this.registry = registry;
	}

	/** Replaces the bundle with the SVID and bundles of {@code update}. */
	public void update(WorkloadUpdate update) {
		SslBundle bundle = bundle(update);
		this.current = bundle;
		SslBundleRegistry registry = this.registry;
		if (registry != null) {
			registry.updateBundle(this.name, bundle);
		}
	}

	private static SslBundle bundle(WorkloadUpdate update) {
		PemSslStore key = PemSslStore.of(update.svid().chain(), update.svid().key());
		PemSslStore trust = PemSslStore.of(update.bundles().anchors(), null);
		return SslBundle.of(new PemSslStoreBundle(key, trust));
	}

}
