package io.github.mtls.handshake;

import java.time.Clock;
import java.util.List;

import javax.net.ssl.TrustManager;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.server.Ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the Reactor Netty hook hands Boot's factory: the server's bundle with its trust managers
 * observed and nothing else changed, once; and where the SSL comes from no bundle, a startup
 * refusal naming {@code mtls.handshake.defer-refusals} when refusals were to be deferred.
 */
class NettyHandshakeObservationTests {

	static final TestPki pki = TestPki.shared();

	final HandshakeRefusals refusals = new HandshakeRefusals(new AuthenticationPipeline(
			new CertificateFactsCache(CertificateCacheLimits.DEFAULTS), new CertificatePolicy(),
			new IdentityIndex(List.of()), null, List.of(), List.of(), Clock.systemUTC()), (refused) -> {
			});

	final DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry("server",
			SslBundle.of(SslStoreBundle.of(pki.server().keyStore("secret".toCharArray()), "secret", pki.root().trustStore())));

	@Test
	void serverBundleIsHandedOverWithItsTrustManagersObservedAndTheRestUnchanged() {
		NettyReactiveWebServerFactory factory = factory(ssl("server"), this.registry);
		new NettyHandshakeObservation(this.refusals, false).customize(factory);
		SslBundle observed = factory.getSslBundles().getBundle("server");
		SslBundle original = this.registry.getBundle("server");
		assertThat(observed.getManagers().getTrustManagerFactory().getTrustManagers())
			.allSatisfy((manager) -> assertThat(manager).isInstanceOf(ObservedTrustManager.class));
		assertThat(observed.getStores()).isSameAs(original.getStores());
		assertThat(observed.getKey()).isSameAs(original.getKey());
		assertThat(observed.getOptions()).isSameAs(original.getOptions());
		assertThat(observed.getProtocol()).isEqualTo(original.getProtocol());
	}

	@Test
	void appliedTwiceTheTrustManagersAreObservedOnce() {
		NettyReactiveWebServerFactory factory = factory(ssl("server"), this.registry);
		new NettyHandshakeObservation(this.refusals, false).customize(factory);
		SslBundles once = factory.getSslBundles();
		new NettyHandshakeObservation(this.refusals, false).customize(factory);
		assertThat(factory.getSslBundles()).isSameAs(once);
		TrustManager[] observed = once.getBundle("server").getManagers().getTrustManagerFactory().getTrustManagers();
		assertThat(ObservedTrustManager.observe(observed, this.refusals, false)).containsExactly(observed);
	}

	@Test
	void serverWithoutSslIsLeftAlone() {
		NettyReactiveWebServerFactory factory = factory(null, this.registry);
		new NettyHandshakeObservation(this.refusals, true).customize(factory);
		assertThat(factory.getSslBundles()).isSameAs(this.registry);
	}

	@Test
	void deferringWithSslFromServerSslPropertiesIsRefusedAtStartup() {
		Ssl ssl = new Ssl();
		ssl.setKeyStore("classpath:server.p12");
		NettyReactiveWebServerFactory factory = factory(ssl, this.registry);
		assertThatIllegalStateException()
			.isThrownBy(() -> new NettyHandshakeObservation(this.refusals, true).customize(factory))
			.withMessageContaining("mtls.handshake.defer-refusals")
			.withMessageContaining("server.ssl.bundle");
	}

	private static Ssl ssl(String bundle) {
		Ssl ssl = new Ssl();
		ssl.setBundle(bundle);
		ssl.setClientAuth(Ssl.ClientAuth.NEED);
		return ssl;
	}

	private static NettyReactiveWebServerFactory factory(Ssl ssl, SslBundles bundles) {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		factory.setSsl(ssl);
		factory.setSslBundles(bundles);
		return factory;
	}

}
