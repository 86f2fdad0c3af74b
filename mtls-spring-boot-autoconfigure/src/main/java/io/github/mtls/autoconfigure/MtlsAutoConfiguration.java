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
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.CertificateMemory;
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
import org.springframework.util.unit.DataSize;
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
	CertificateCacheLimits mtlsCertificateCacheLimits(MtlsProperties properties) {
		return certificateCacheLimits(properties);
	}

	static CertificateCacheLimits certificateCacheLimits(MtlsProperties properties) {
		if (properties.getCertificateCacheSize() != null) {
			throw new InvalidMtlsPropertyException("mtls.certificate-cache-size",
					String.valueOf(properties.getCertificateCacheSize()),
					"replaced by mtls.certificate-cache-memory: a bound by entries let large certificates exhaust the heap",
					"Remove 'mtls.certificate-cache-size'; set 'mtls.certificate-cache-memory' (default 16MB) "
							+ "and 'mtls.unpinned-certificate-cache-memory' (default 4MB) instead.");
		}
		DataSize maxCertificate = properties.getMaxCertificateSize();
		if (maxCertificate.toBytes() < 1024 || maxCertificate.toBytes() > 64 * 1024) {
			throw new InvalidMtlsPropertyException("mtls.max-certificate-size", maxCertificate.toString(),
					"must be between 1KB and 64KB",
					"Set it a few KB above your largest client certificate (default 8KB; openssl x509 -outform der | wc -c).");
		}
		long pinned = bytes("mtls.certificate-cache-memory", properties.getCertificateCacheMemory(), maxCertificate);
		long strangers = bytes("mtls.unpinned-certificate-cache-memory", properties.getUnpinnedCertificateCacheMemory(),
				maxCertificate);
		return new CertificateCacheLimits(pinned, strangers, (int) maxCertificate.toBytes());
	}

	/** A cache bound that holds at least one chain of certificates of the largest size allowed. */
	private static long bytes(String property, DataSize value, DataSize maxCertificate) {
		long least = CertificateMemory.retainedBytes(maxCertificate.toBytes()) * 10;
		if (value.toBytes() < least || value.toBytes() > Integer.MAX_VALUE) {
			throw new InvalidMtlsPropertyException(property, value.toString(),
					"must be between " + (least >> 10) + "KB (ten certificates of mtls.max-certificate-size) and 2GB",
					"Set it to the heap this cache may use, for example 16MB; see the README's memory bounds.");
		}
		return value.toBytes();
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateFactsCache mtlsCertificateFactsCache(CertificateCacheLimits limits) {
		return new CertificateFactsCache(limits);
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
	ValidatedChains mtlsValidatedChains(ClientTrust trust, TrustProperties properties, CertificateCacheLimits limits,
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
				limits);
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
