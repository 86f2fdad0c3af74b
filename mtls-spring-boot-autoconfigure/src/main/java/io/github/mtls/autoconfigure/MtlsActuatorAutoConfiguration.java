package io.github.mtls.autoconfigure;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;


import io.github.mtls.actuate.AuthenticationMetrics;
import io.github.mtls.actuate.CertificateExpiry;
import io.github.mtls.actuate.CertificateExpiryMetrics;
import io.github.mtls.actuate.CertificateInventory;
import io.github.mtls.actuate.ClientActivity;
import io.github.mtls.actuate.ExpiryWarnings;
import io.github.mtls.actuate.MtlsEndpoint;
import io.github.mtls.actuate.MtlsHealthIndicator;
import io.github.mtls.spiffe.SpiffeObservation;
import io.github.mtls.spiffe.SpiffeStatus;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.actuate.ConfigurationReloadMetrics;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.actuate.ConfigurationAudit;
import org.springframework.context.ApplicationEventPublisher;
import io.github.mtls.revocation.RevocationObserver;
import io.github.mtls.revocation.RevocationSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator support: the {@code mtls} endpoint, the {@code mtls} health contributor, the
 * {@code mtls.certificate.expiry} gauge, the {@code mtls.authentications} counter and the daily
 * expiry warning. Applies when Actuator is on the classpath; each part backs off when the
 * application defines its own bean of the type.
 */
@AutoConfiguration(after = { MtlsAutoConfiguration.class, MtlsWebSecurityAutoConfiguration.class,
		MtlsReactiveWebSecurityAutoConfiguration.class },
		afterName = { "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties({ ActuatorProperties.class, ExpiryProperties.class, TrustProperties.class })
public final class MtlsActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CertificateExpiry mtlsCertificateExpiry(ExpiryProperties properties, ObjectProvider<Clock> clock) {
		Duration threshold = properties.getWarningThreshold();
		if (threshold == null || threshold.isNegative()) {
			throw new InvalidMtlsPropertyException("mtls.expiry.warning-threshold", String.valueOf(threshold),
					"must not be negative", "Set 'mtls.expiry.warning-threshold' to a duration such as 30d.");
		}
		return new CertificateExpiry(clock.getIfAvailable(Clock::systemUTC), threshold);
	}

	@Bean
	@ConditionalOnMissingBean
	ConfigurationAudit mtlsConfigurationAudit(CurrentConfiguration current, ApplicationEventPublisher events) {
		ConfigurationAudit audit = new ConfigurationAudit(events);
		audit.follow(current);
		return audit;
	}

	@Bean
	@ConditionalOnMissingBean
	ClientActivity mtlsClientActivity(CurrentConfiguration current, ActuatorProperties properties,
			ObjectProvider<Clock> clock) {
		int limit = properties.getUnmatchedCertificates();
		if (limit < 0 || limit > 1000) {
			throw new InvalidMtlsPropertyException("mtls.actuator.unmatched-certificates", String.valueOf(limit),
					"must be between 0 and 1000",
					"Set 'mtls.actuator.unmatched-certificates' to how many unmatched certificates to list (0: none).");
		}
		ClientActivity activity = new ClientActivity(current.get().identities(), clock.getIfAvailable(Clock::systemUTC),
				limit);
		current.onChange((change) -> activity.follow(current.get().identities()));
		return activity;
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateInventory mtlsTrustCertificateInventory(ClientActivity clients, CurrentConfiguration current) {
		return following(current, new CertificateInventory(List::of, () -> current.get().trust(),
				() -> current.get().intermediates(), clients));
	}

	/** Lists the anchors and intermediates in force, again after every adopted reload. */
	static CertificateInventory following(CurrentConfiguration current, CertificateInventory inventory) {
		current.onChange((change) -> inventory.refresh());
		return inventory;
	}

	@Bean
	@ConditionalOnMissingBean
	ExpiryWarnings mtlsExpiryWarnings(CertificateInventory inventory, CertificateExpiry expiry,
			ExpiryProperties properties) {
		Duration interval = properties.getCheckInterval();
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new InvalidMtlsPropertyException("mtls.expiry.check-interval", String.valueOf(interval),
					"must be positive", "Set 'mtls.expiry.check-interval' to a duration such as 1h.");
		}
		return new ExpiryWarnings(inventory, expiry, interval);
	}

	static Supplier<@Nullable SpiffeStatus> spiffe(ObjectProvider<SpiffeObservation> observation) {
		return () -> {
			SpiffeObservation spiffe = observation.getIfUnique();
			return (spiffe != null) ? spiffe.status() : null;
		};
	}

	static Supplier<@Nullable RevocationSnapshot> revocation(ObjectProvider<RevocationObserver> observer) {
		return () -> {
			RevocationObserver revocation = observer.getIfUnique();
			return (revocation != null) ? revocation.snapshot() : null;
		};
	}

	/**
	 * Server chains and client trust read from the server's SSL configuration, following reloads.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.web.server.autoconfigure.ServerProperties")
	static class ServerCertificatesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CertificateInventory mtlsCertificateInventory(ClientActivity clients, CurrentConfiguration current,
				ObjectProvider<SslBundles> sslBundles, ObjectProvider<ServerProperties> serverProperties) {
			SslBundles bundles = sslBundles.getIfAvailable();
			ServerProperties server = serverProperties.getIfAvailable();
			Ssl ssl = (server != null && Ssl.isEnabled(server.getSsl())) ? server.getSsl() : null;
			CertificateInventory inventory = following(current, new CertificateInventory(
					() -> serverChains(ssl, bundles), () -> current.get().trust(), () -> current.get().intermediates(),
					clients));
			if (bundles != null && ssl != null && ssl.getBundle() != null
					&& bundles.getBundleNames().contains(ssl.getBundle())) {
				// The server's own chain rotates with Boot's bundle reload (as SslMeterBinder follows it);
				// client trust is followed through the configuration in force.
				bundles.addBundleUpdateHandler(ssl.getBundle(), (updated) -> inventory.refresh());
			}
			return inventory;
		}

		private static List<CertificateInventory.ServerChain> serverChains(@Nullable Ssl ssl,
				@Nullable SslBundles bundles) {
			if (ssl == null) {
				return List.of();
			}
			String name = (ssl.getBundle() != null) ? ssl.getBundle() : "server.ssl";
			KeyStore keyStore = WebServerSslBundle.get(ssl, bundles).getStores().getKeyStore();
			if (keyStore == null) {
				return List.of();
			}
			List<CertificateInventory.ServerChain> chains = new ArrayList<>();
			try {
				for (String alias : Collections.list(keyStore.aliases())) {
					Certificate[] chain = keyStore.isKeyEntry(alias) ? keyStore.getCertificateChain(alias) : null;
					if (chain == null) {
						continue;
					}
					List<X509Certificate> certificates = new ArrayList<>();
					for (Certificate certificate : chain) {
						if (certificate instanceof X509Certificate x509) {
							certificates.add(x509);
						}
					}
					chains.add(new CertificateInventory.ServerChain(name, alias, List.copyOf(certificates)));
				}
			}
			catch (KeyStoreException ex) {
				throw new IllegalStateException("Cannot read the key store of " + name, ex);
			}
			return chains;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(MtlsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MtlsEndpoint mtlsEndpoint(CertificateInventory inventory, ClientActivity clients, CurrentConfiguration current,
				CertificateExpiry expiry, ObjectProvider<RevocationObserver> revocation, AuthenticationPipeline pipeline,
				ObjectProvider<SpiffeObservation> spiffe) {
			return new MtlsEndpoint(inventory, clients, current, expiry, revocation(revocation), pipeline,
					spiffe(spiffe));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("mtls")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mtlsHealthIndicator")
		MtlsHealthIndicator mtlsHealthIndicator(CertificateInventory inventory, CertificateExpiry expiry,
				ExpiryProperties properties, ObjectProvider<RevocationObserver> revocation,
				CurrentConfiguration current, ObjectProvider<SpiffeObservation> spiffe) {
			String status = properties.getHealthStatus();
			if (status == null || status.isBlank()) {
				throw new InvalidMtlsPropertyException("mtls.expiry.health-status", String.valueOf(status),
						"must not be blank", "Set 'mtls.expiry.health-status' to UP, OUT_OF_SERVICE or a custom status.");
			}
			return new MtlsHealthIndicator(inventory, expiry, new Status(status.trim().toUpperCase(java.util.Locale.ROOT)),
					revocation(revocation), current, spiffe(spiffe));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CertificateExpiryMetrics mtlsCertificateExpiryMetrics(CertificateInventory inventory,
				CertificateExpiry expiry) {
			return new CertificateExpiryMetrics(inventory, expiry);
		}

		@Bean
		@ConditionalOnMissingBean
		AuthenticationMetrics mtlsAuthenticationMetrics(CurrentConfiguration current) {
			AuthenticationMetrics metrics = new AuthenticationMetrics(current.get().identities());
			current.onChange((change) -> metrics.follow(current.get().identities()));
			return metrics;
		}

		@Bean
		@ConditionalOnMissingBean
		ConfigurationReloadMetrics mtlsConfigurationReloadMetrics(CurrentConfiguration current) {
			return new ConfigurationReloadMetrics(current);
		}

	}

}
