package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.revocation.RevocationChecker;
import io.github.mtls.revocation.RevocationMetrics;
import io.github.mtls.revocation.RevocationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;

/**
 * Revocation checking ({@code mtls.revocation.*}, on unless {@code mtls.revocation.enabled=false}):
 * a {@link RevocationChecker} that the pipeline runs as its last chain check, and its meters when
 * Micrometer is present. Properties are validated here, at startup; a bad one stops the application
 * with the property named.
 */
@AutoConfiguration(before = MtlsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = { "mtls.enabled", "mtls.revocation.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(RevocationProperties.class)
public final class RevocationAutoConfiguration {

	/** Revocation runs after cheaper chain checks such as trust-anchor pinning. */
	static final int ORDER = 1000;

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@Order(ORDER)
	RevocationChecker mtlsRevocationChecker(RevocationProperties properties, ObjectProvider<Clock> clock,
			ObjectProvider<CurrentConfiguration> current, ResourceLoader resourceLoader) {
		// Issuer lookups and CRL-signer paths read the anchors in force, reloads included.
		return new RevocationChecker(settings(properties, resourceLoader), clock.getIfAvailable(Clock::systemUTC),
				() -> {
					CurrentConfiguration configuration = current.getIfAvailable();
					return (configuration != null) ? configuration.get().anchors() : List.of();
				});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class RevocationMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RevocationMetrics mtlsRevocationMetrics(RevocationChecker checker) {
			return new RevocationMetrics(checker);
		}

	}

	static RevocationSettings settings(RevocationProperties properties, ResourceLoader resourceLoader) {
		String prefix = "mtls.revocation.";
		RevocationProperties.Ocsp ocsp = properties.getOcsp();
		RevocationProperties.Crl crl = properties.getCrl();
		RevocationProperties.Cache cache = properties.getCache();
		positive(prefix + "ocsp.timeout", ocsp.getTimeout());
		positive(prefix + "crl.timeout", crl.getTimeout());
		positive(prefix + "cache.max-ttl", cache.getMaxTtl());
		if (properties.getStaleIfError() == null || properties.getStaleIfError().isNegative()) {
			throw new InvalidMtlsPropertyException(prefix + "stale-if-error", String.valueOf(properties.getStaleIfError()),
					"must not be negative", "Set it to 0 to use no stale status, or to a duration such as 1h.");
		}
		if (cache.getMaxSize() < 1) {
			throw new InvalidMtlsPropertyException(prefix + "cache.max-size", String.valueOf(cache.getMaxSize()),
					"must be at least 1", "Set it to the number of client certificate statuses to remember.");
		}
		if (crl.getMaxSize() == null || crl.getMaxSize().toBytes() < 1) {
			throw new InvalidMtlsPropertyException(prefix + "crl.max-size", String.valueOf(crl.getMaxSize()),
					"must be positive", "Set it above the size of the largest CRL you expect, e.g. 50MB.");
		}
		URI responderUrl = (ocsp.getResponderUrl() != null)
				? httpUrl(prefix + "ocsp.responder-url", ocsp.getResponderUrl()) : null;
		List<URI> urls = new ArrayList<>();
		for (int i = 0; i < crl.getUrls().size(); i++) {
			urls.add(httpUrl(prefix + "crl.urls[" + i + "]", crl.getUrls().get(i)));
		}
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < crl.getFiles().size(); i++) {
			Path file = crl.getFiles().get(i).toAbsolutePath();
			if (!Files.isReadable(file)) {
				throw new InvalidMtlsPropertyException(prefix + "crl.files[" + i + "]", file.toString(),
						"no readable file there", "Point it to a DER or PEM CRL file the application can read.");
			}
			files.add(file);
		}
		X509Certificate responderCertificate = (ocsp.getResponderCertificate() != null)
				? certificate(prefix + "ocsp.responder-certificate", ocsp.getResponderCertificate(), resourceLoader)
				: null;
		return new RevocationSettings(properties.getMode(), properties.isCheckIntermediates(), responderUrl,
				responderCertificate, ocsp.isNonce(), ocsp.getTimeout(), urls, files, crl.getTimeout(),
				crl.getMaxSize().toBytes(), cache.getMaxTtl(), cache.getMaxSize(), properties.getFailurePolicy(),
				properties.getStaleIfError(), properties.isRequireSource());
	}

	private static void positive(String property, @Nullable Duration duration) {
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new InvalidMtlsPropertyException(property, String.valueOf(duration), "must be positive",
					"Set a positive duration such as 5s.");
		}
	}

	private static URI httpUrl(String property, String value) {
		try {
			URI uri = new URI(value.trim());
			if (uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
					|| "https".equalsIgnoreCase(uri.getScheme()))) {
				return uri;
			}
		}
		catch (java.net.URISyntaxException ex) {
			// reported below
		}
		throw new InvalidMtlsPropertyException(property, value, "not an http(s) URL",
				"Use an absolute URL such as http://ocsp.example.com/ or http://crl.example.com/ca.crl.");
	}

	private static X509Certificate certificate(String property, String value, ResourceLoader resourceLoader) {
		try {
			PemContent pem;
			if (PemContent.isPresentInText(value)) {
				pem = PemContent.of(value);
			}
			else {
				try (InputStream in = resourceLoader.getResource(value.trim()).getInputStream()) {
					pem = PemContent.load(in);
				}
			}
			List<X509Certificate> certificates = pem.getCertificates();
			if (certificates.size() == 1) {
				return certificates.get(0);
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidMtlsPropertyException(property, abbreviate(value), "cannot be read: " + ex.getMessage(),
					"Give the PEM certificate itself or a location such as classpath:ocsp-responder.pem.");
		}
		throw new InvalidMtlsPropertyException(property, abbreviate(value), "must hold exactly one certificate",
				"Give the PEM of the OCSP responder's certificate.");
	}

	private static String abbreviate(String value) {
		return (value.length() > 60) ? value.substring(0, 60) + "..." : value;
	}

}
