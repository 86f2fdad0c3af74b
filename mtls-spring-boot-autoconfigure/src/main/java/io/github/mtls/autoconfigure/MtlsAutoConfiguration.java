package io.github.mtls.autoconfigure;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.policy.Intermediates;
import io.github.mtls.policy.InvalidLeafRequirementException;
import io.github.mtls.policy.LeafRequirements;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * The web-stack-independent core: pinned identities compiled from {@code mtls.identities}, the
 * certificate facts cache, the policy with its leaf requirements ({@code mtls.policy.*}) and the
 * {@link AuthenticationPipeline}. A {@link Clock} bean, when the application defines one, replaces
 * the system clock for every time decision.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ MtlsProperties.class, ExpiryProperties.class, TrustProperties.class,
		PolicyProperties.class, HandshakeProperties.class })
public final class MtlsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MtlsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	IdentityIndex mtlsIdentityIndex(MtlsProperties properties) {
		return PinnedIdentities.compile(properties.getIdentities());
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateFactsCache mtlsCertificateFactsCache(MtlsProperties properties) {
		if (properties.getCertificateCacheSize() < 1) {
			throw new InvalidMtlsPropertyException("mtls.certificate-cache-size",
					String.valueOf(properties.getCertificateCacheSize()), "must be at least 1",
					"Set 'mtls.certificate-cache-size' to the number of distinct client certificates to remember.");
		}
		return new CertificateFactsCache(properties.getCertificateCacheSize());
	}

	@Bean
	@ConditionalOnMissingBean
	CertificatePolicy mtlsCertificatePolicy(PolicyProperties properties) {
		return new CertificatePolicy(leafRequirements(properties));
	}

	static LeafRequirements leafRequirements(PolicyProperties properties) {
		try {
			return LeafRequirements.of(properties.getExtendedKeyUsage(), properties.getKeyUsage());
		}
		catch (InvalidLeafRequirementException ex) {
			throw new InvalidMtlsPropertyException(ex.getProperty(), ex.getValue(), ex.getProblem(), ex.getAction());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ClientTrust mtlsClientTrust(TrustProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ServerProperties> server) {
		Ssl ssl = (server.getIfAvailable() != null) ? server.getIfAvailable().getSsl() : null;
		return clientTrust(properties.getBundle(), ssl, sslBundles.getIfAvailable());
	}

	/**
	 * The client trust anchors of {@code mtls.trust.bundle}, else of an enabled {@code server.ssl}, else
	 * none; read again by the actuator after a bundle reload.
	 */
	static ClientTrust clientTrust(@Nullable String bundle, @Nullable Ssl ssl, @Nullable SslBundles bundles) {
		if (bundle != null) {
			if (bundles == null || !bundles.getBundleNames().contains(bundle)) {
				throw new InvalidMtlsPropertyException("mtls.trust.bundle", bundle, "no SSL bundle of that name",
						"Define 'spring.ssl.bundle.pem." + bundle + ".truststore.*' (or jks), or correct the name.");
			}
			return ClientTrust.of("bundle '" + bundle + "'", bundles.getBundle(bundle).getStores().getTrustStore());
		}
		if (ssl == null || !Ssl.isEnabled(ssl)) {
			return ClientTrust.of("none", null);
		}
		return ClientTrust.of("server.ssl", WebServerSslBundle.get(ssl, bundles).getStores().getTrustStore());
	}

	@Bean
	@ConditionalOnMissingBean
	Intermediates mtlsIntermediates(TrustProperties properties, ResourceLoader resources,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<Clock> clock) {
		TrustProperties.Intermediates configured = properties.getIntermediates();
		SslBundles bundles = sslBundles.getIfAvailable();
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		Intermediates intermediates = new Intermediates("mtls.trust.intermediates",
				IntermediatesBinding.read(configured, resources, bundles, time.instant()));
		String bundle = configured.getBundle();
		if (bundle != null && bundles != null) {
			// A reloaded bundle is validated as at startup; a bad one leaves the last good set in force.
			bundles.addBundleUpdateHandler(bundle, (updated) -> {
				try {
					List<X509Certificate> reloaded = new ArrayList<>(
							IntermediatesBinding.read(withoutBundle(configured), resources, bundles, time.instant()));
					reloaded.addAll(IntermediatesBinding.fromBundle(bundle, updated, time.instant()));
					intermediates.replace(reloaded);
					logger.info("mtls.trust.intermediates reloaded from bundle '{}': {} certificates", bundle,
							reloaded.size());
				}
				catch (InvalidMtlsPropertyException ex) {
					logger.error("mtls.trust.intermediates: reloaded bundle '{}' refused, the last good intermediates "
							+ "stay in force: {} ({})", bundle, ex.getProblem(), ex.getProperty());
				}
			});
		}
		return intermediates;
	}

	private static TrustProperties.Intermediates withoutBundle(TrustProperties.Intermediates configured) {
		TrustProperties.Intermediates locations = new TrustProperties.Intermediates();
		locations.setLocations(configured.getLocations());
		return locations;
	}

	@Bean
	@ConditionalOnMissingBean
	ValidatedChains mtlsValidatedChains(ClientTrust trust, TrustProperties properties, MtlsProperties mtls,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<ServerProperties> server,
			ObjectProvider<Intermediates> intermediates) {
		AtomicReference<List<X509Certificate>> anchors = new AtomicReference<>(trust.anchors());
		// Follow reloads of the trust bundle (spring.ssl.bundle.*.reload-on-update), as the TLS
		// handshake does: clients of a rotated CA are accepted at once, those of a removed one no more.
		SslBundles bundles = sslBundles.getIfAvailable();
		Ssl ssl = (server.getIfAvailable() != null) ? server.getIfAvailable().getSsl() : null;
		String bundle = (properties.getBundle() != null) ? properties.getBundle()
				: (ssl != null && Ssl.isEnabled(ssl)) ? ssl.getBundle() : null;
		if (bundles != null && bundle != null && bundles.getBundleNames().contains(bundle)) {
			bundles.addBundleUpdateHandler(bundle, (updated) -> anchors
				.set(ClientTrust.of(trust.source(), updated.getStores().getTrustStore()).anchors()));
		}
		Intermediates configured = intermediates.getIfAvailable(Intermediates::none);
		return new ValidatedChains(PathSettingsBinding.settings(properties), anchors::get, configured::certificates,
				mtls.getCertificateCacheSize());
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationPipeline mtlsAuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy,
			IdentityIndex identities, ObjectProvider<ValidatedChains> paths, ObjectProvider<ChainCheck> checks,
			ObjectProvider<DecisionListener> listeners, ObjectProvider<Clock> clock, HandshakeProperties handshake) {
		ValidatedChains validated = paths.getIfUnique();
		boolean defer = handshake.isDeferRefusals();
		if (defer && (validated == null || !validated.hasAnchors())) {
			// Deferring without anchors would leave no one to validate the chain: refused at startup.
			throw new InvalidMtlsPropertyException("mtls.handshake.defer-refusals", "true",
					"the application knows no client trust anchors to validate deferred chains against",
					"Configure the client trust store (server.ssl.bundle, server.ssl.trust-* or mtls.trust.bundle), "
							+ "or set 'mtls.handshake.defer-refusals' to false.");
		}
		return new AuthenticationPipeline(facts, policy, identities, validated, checks.orderedStream().toList(),
				listeners.orderedStream().toList(), clock.getIfAvailable(Clock::systemUTC), !defer);
	}

}
