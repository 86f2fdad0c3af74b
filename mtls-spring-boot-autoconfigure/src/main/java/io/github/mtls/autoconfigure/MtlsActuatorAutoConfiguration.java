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
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.policy.Intermediates;
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
@AutoConfiguration(after = { MtlsAutoConfiguration.class, MtlsWebSecurityAutoConfiguration.class },
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
	ClientActivity mtlsClientActivity(IdentityIndex identities, ActuatorProperties properties,
			ObjectProvider<Clock> clock) {
		int limit = properties.getUnmatchedCertificates();
		if (limit < 0 || limit > 1000) {
			throw new InvalidMtlsPropertyException("mtls.actuator.unmatched-certificates", String.valueOf(limit),
					"must be between 0 and 1000",
					"Set 'mtls.actuator.unmatched-certificates' to how many unmatched certificates to list (0: none).");
		}
		return new ClientActivity(identities, clock.getIfAvailable(Clock::systemUTC), limit);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateInventory mtlsTrustCertificateInventory(ClientActivity clients,
			ObjectProvider<ClientTrust> clientTrust, ObjectProvider<Intermediates> intermediates) {
		Intermediates configured = intermediates.getIfAvailable(Intermediates::none);
		return following(configured, new CertificateInventory(List::of,
				() -> clientTrust.getIfUnique(() -> ClientTrust.of("none", null)), configured::certificates, clients));
	}

	/** Lists the configured intermediates as they are reloaded. */
	static CertificateInventory following(Intermediates intermediates, CertificateInventory inventory) {
		intermediates.onChange(inventory::refresh);
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
		CertificateInventory mtlsCertificateInventory(ClientActivity clients, ObjectProvider<ClientTrust> clientTrust,
				TrustProperties trustProperties, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<ServerProperties> serverProperties, ObjectProvider<Intermediates> intermediates) {
			SslBundles bundles = sslBundles.getIfAvailable();
			ServerProperties server = serverProperties.getIfAvailable();
			Ssl ssl = (server != null && Ssl.isEnabled(server.getSsl())) ? server.getSsl() : null;
			String configured = trustProperties.getBundle();
			// A missing bundle only gets here beside an application's own ClientTrust bean: server.ssl is
			// read after a reload then.
			String trustBundle = (configured != null && bundles != null && bundles.getBundleNames().contains(configured))
					? configured : null;
			AtomicBoolean reloaded = new AtomicBoolean();
			Supplier<ClientTrust> trust = () -> {
				ClientTrust bean = clientTrust.getIfUnique();
				return (bean != null && !reloaded.get()) ? bean
						: MtlsAutoConfiguration.clientTrust(trustBundle, ssl, bundles);
			};
			Intermediates held = intermediates.getIfAvailable(Intermediates::none);
			CertificateInventory inventory = following(held,
					new CertificateInventory(() -> serverChains(ssl, bundles), trust, held::certificates, clients));
			if (bundles != null) {
				// Follow reloads of the bundles in use (spring.ssl.bundle.*.reload-on-update), as
				// Boot's SslMeterBinder does.
				Set<String> watched = new LinkedHashSet<>();
				if (trustBundle != null) {
					watched.add(trustBundle);
				}
				if (ssl != null && ssl.getBundle() != null) {
					watched.add(ssl.getBundle());
				}
				for (String name : watched) {
					if (bundles.getBundleNames().contains(name)) {
						bundles.addBundleUpdateHandler(name, (updated) -> {
							reloaded.set(true);
							inventory.refresh();
						});
					}
				}
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
		MtlsEndpoint mtlsEndpoint(CertificateInventory inventory, ClientActivity clients, IdentityIndex identities,
				CertificateExpiry expiry, ObjectProvider<RevocationObserver> revocation, AuthenticationPipeline pipeline,
				ObjectProvider<SpiffeObservation> spiffe) {
			return new MtlsEndpoint(inventory, clients, identities, expiry, revocation(revocation), pipeline,
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
				ObjectProvider<SpiffeObservation> spiffe) {
			String status = properties.getHealthStatus();
			if (status == null || status.isBlank()) {
				throw new InvalidMtlsPropertyException("mtls.expiry.health-status", String.valueOf(status),
						"must not be blank", "Set 'mtls.expiry.health-status' to UP, OUT_OF_SERVICE or a custom status.");
			}
			return new MtlsHealthIndicator(inventory, expiry, new Status(status.trim().toUpperCase(java.util.Locale.ROOT)),
					revocation(revocation), spiffe(spiffe));
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
		AuthenticationMetrics mtlsAuthenticationMetrics(IdentityIndex identities) {
			return new AuthenticationMetrics(identities);
		}

	}

}
