package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.time.Clock;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.path.IssuerFetcher;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.CertificateMemory;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.policy.Intermediates;
import io.github.mtls.identity.InvalidSettingException;
import io.github.mtls.policy.LeafRequirements;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.TrustAudit;
import io.github.mtls.reload.WatchedFile;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.mtls.audit.SuccessEvents;
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
		PolicyProperties.class, HandshakeProperties.class, AuditProperties.class })
public final class MtlsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SuccessEvents mtlsSuccessEvents(AuditProperties audit) {
		return new SuccessEvents(audit.getSuccessEvents(), Ticker.systemTicker());
	}

	@Bean
	@ConditionalOnMissingBean
	IdentityIndex mtlsIdentityIndex(MtlsProperties properties, Environment environment) {
		return IdentitiesBinding.startup(properties, environment);
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
		catch (InvalidSettingException ex) {
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
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		return new Intermediates("mtls.trust.intermediates", IntermediatesBinding.read(properties.getIntermediates(),
				resources, sslBundles.getIfAvailable(), time.instant()));
	}

	/**
	 * The one source of the configuration in force, started from the beans validated at startup and
	 * following every reload of the trust bundle and of the intermediates' bundle.
	 */
	@Bean
	@ConditionalOnMissingBean
	CurrentConfiguration mtlsCurrentConfiguration(IdentityIndex identities, MtlsProperties mtls, ClientTrust trust,
			ObjectProvider<Intermediates> intermediates, TrustProperties properties,
			ResourceLoader resources, ObjectProvider<SslBundles> sslBundles, ObjectProvider<ServerProperties> server,
			ObjectProvider<TrustAudit> audits, ObjectProvider<Clock> clock) {
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		CurrentConfiguration current = new CurrentConfiguration(trust,
				intermediates.getIfAvailable(Intermediates::none).certificates(), identities,
				IdentitiesBinding.source(mtls), time);
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles != null) {
			Ssl ssl = (server.getIfAvailable() != null) ? server.getIfAvailable().getSsl() : null;
			String bundle = (properties.getBundle() != null) ? properties.getBundle()
					: (ssl != null && Ssl.isEnabled(ssl)) ? ssl.getBundle() : null;
			if (bundle != null && bundles.getBundleNames().contains(bundle)) {
				// Follow reloads of the trust bundle (spring.ssl.bundle.*.reload-on-update), as the TLS
				// handshake does, but only with anchors that pass the startup audits.
				bundles.addBundleUpdateHandler(bundle, (updated) -> TrustReloads.anchors(current,
						ClientTrust.of(trust.source(), updated.getStores().getTrustStore()), audits));
			}
			String intermediatesBundle = properties.getIntermediates().getBundle();
			if (intermediatesBundle != null && bundles.getBundleNames().contains(intermediatesBundle)) {
				bundles.addBundleUpdateHandler(intermediatesBundle, (updated) -> TrustReloads.intermediates(current,
						properties.getIntermediates(), intermediatesBundle, updated, resources, bundles, time));
			}
		}
		return current;
	}

	/**
	 * Follows {@code mtls.identities-file}: a changed file is adopted or rejected whole, after the
	 * quiet period of Boot's bundle file watcher.
	 */
	@Bean
	@ConditionalOnProperty(IdentitiesBinding.FILE)
	WatchedFile mtlsIdentitiesFileWatcher(CurrentConfiguration current, MtlsProperties properties,
			Environment environment) throws IOException {
		Resource file = properties.getIdentitiesFile();
		String source = IdentitiesBinding.source(properties);
		WatchedFile watcher = new WatchedFile(IdentitiesBinding.path(file), IdentitiesBinding.read(file),
				IdentitiesBinding.quietPeriod(environment), (content) -> IdentitiesBinding.reload(current, source,
						environment, () -> {
							if (content.bytes() == null) {
								throw new InvalidMtlsPropertyException(IdentitiesBinding.FILE, source,
										content.problem(), "Restore the file.");
							}
							return IdentitiesBinding.parse(content.bytes());
						}));
		// A change between the startup read and the first watch is taken now (equal content is no change).
		IdentitiesBinding.reload(current, source, environment,
				() -> IdentitiesBinding.parse(IdentitiesBinding.read(file)));
		return watcher;
	}

	/**
	 * Follows {@code mtls.identities} through Spring Cloud's refresh (Config, Kubernetes config
	 * reload, {@code /actuator/refresh}): after the {@link EnvironmentChangeEvent}, the identities are
	 * bound afresh from the Environment, never read from the properties bean that the rebinder refills
	 * in place.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EnvironmentChangeEvent.class)
	static class EnvironmentChangeConfiguration {

		@Bean
		ApplicationListener<EnvironmentChangeEvent> mtlsIdentitiesRefresh(CurrentConfiguration current,
				MtlsProperties properties, Environment environment) {
			// Every event, whatever keys it names: they are spelt as their source spells them
			// (MTLS_IDENTITIES_... from the environment), and content equal to the identities in force
			// is no change.
			return (event) -> {
				if (properties.getIdentitiesFile() == null) {
					IdentitiesBinding.reload(current, IdentitiesBinding.IDENTITIES, environment,
							() -> IdentitiesBinding.bind(environment));
				}
			};
		}

	}

	@Bean
	@ConditionalOnMissingBean
	ValidatedChains mtlsValidatedChains(CurrentConfiguration current, TrustProperties properties,
			CertificateCacheLimits limits) {
		return new ValidatedChains(current, PathSettingsBinding.settings(properties), limits,
				properties.isFetchIssuers() ? new IssuerFetcher() : null);
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationPipeline mtlsAuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy,
			CurrentConfiguration current, ObjectProvider<ValidatedChains> paths, ObjectProvider<ChainCheck> checks,
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
		return new AuthenticationPipeline(facts, policy, current, validated, checks.orderedStream().toList(),
				listeners.orderedStream().toList(), clock.getIfAvailable(Clock::systemUTC), !defer);
	}

}
