package io.github.mtls.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.github.mtls.actuate.SpiffeMetrics;
import io.github.mtls.spiffe.SpiffeWorkload;
import io.github.mtls.spiffe.SvidSslBundle;
import io.github.mtls.spiffe.TrustDomainBinding;
import io.github.mtls.spiffe.TrustDomainBundles;
import io.github.mtls.spiffe.WorkloadApiWatch;
import io.spiffe.exception.SocketEndpointAddressException;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.Address;
import io.spiffe.workloadapi.internal.GrpcManagedChannelFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * SPIFFE ({@code mtls.spiffe.*}): the Workload API watch, the SVID's SSL bundle, the client trust
 * per trust domain and its binding check. Backs off without {@code java-spiffe-core} and
 * {@code grpc-netty-linux}, and unless {@code mtls.spiffe.enabled}. The wiring of SPIFFE's trust into
 * the pipeline is {@link #mtlsSpiffeTrust()} (the per-domain bundles) and the SSL bundle (the anchors,
 * followed like any reloaded bundle): nowhere else.
 */
@AutoConfiguration(before = { SslAutoConfiguration.class, MtlsAutoConfiguration.class })
@ConditionalOnClass({ X509Svid.class, GrpcManagedChannelFactory.class })
@ConditionalOnBooleanProperty("mtls.spiffe.enabled")
@EnableConfigurationProperties(SpiffeProperties.class)
public final class SpiffeAutoConfiguration {

	static final String SOCKET_PROPERTY = "mtls.spiffe.endpoint-socket";

	static final String SOCKET_VARIABLE = "SPIFFE_ENDPOINT_SOCKET";

	@Bean
	@ConditionalOnMissingBean
	TrustDomainBundles mtlsSpiffeTrust() {
		return new TrustDomainBundles();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SpiffeWorkload mtlsSpiffeWorkload(SpiffeProperties properties, TrustDomainBundles trust, Environment environment,
			ObjectProvider<Clock> clock) {
		URI address = address(properties.getEndpointSocket(), environment.getProperty(SOCKET_VARIABLE));
		Duration initial = positive("mtls.spiffe.initial-backoff", properties.getInitialBackoff());
		Duration max = positive("mtls.spiffe.max-backoff", properties.getMaxBackoff());
		if (max.compareTo(initial) < 0) {
			throw new InvalidMtlsPropertyException("mtls.spiffe.max-backoff", max.toString(),
					"is shorter than mtls.spiffe.initial-backoff (" + initial + ")",
					"Set 'mtls.spiffe.max-backoff' to at least 'mtls.spiffe.initial-backoff'.");
		}
		Duration timeout = positive("mtls.spiffe.startup-timeout", properties.getStartupTimeout());
		Duration threshold = positive("mtls.spiffe.expiry-threshold", properties.getExpiryThreshold());
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		SpiffeWorkload workload = new SpiffeWorkload(trust, time, threshold);
		workload.start(new WorkloadApiWatch(address, initial, max, time, workload), timeout);
		return workload;
	}

	@Bean
	@ConditionalOnMissingBean
	SvidSslBundle mtlsSpiffeSslBundle(SpiffeProperties properties, SpiffeWorkload workload) {
		String name = properties.getBundleName();
		if (name == null || name.isBlank()) {
			throw new InvalidMtlsPropertyException("mtls.spiffe.bundle-name", String.valueOf(name), "is empty",
					"Set 'mtls.spiffe.bundle-name' to the SSL bundle name server.ssl.bundle uses, e.g. spiffe.");
		}
		SvidSslBundle bundle = new SvidSslBundle(name, workload.current());
		workload.serveWith(bundle);
		return bundle;
	}

	@Bean
	@ConditionalOnMissingBean
	@Order(TrustDomainBinding.ORDER)
	TrustDomainBinding mtlsSpiffeTrustDomainBinding(TrustDomainBundles trust) {
		return new TrustDomainBinding(trust);
	}

	// Conditions repeated: an application's component scan of io.github.mtls would find this class alone.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry", value = X509Svid.class)
	@ConditionalOnBooleanProperty("mtls.spiffe.enabled")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpiffeMetrics mtlsSpiffeMetrics(SpiffeWorkload workload, ObjectProvider<Clock> clock) {
			return new SpiffeMetrics(workload, clock.getIfAvailable(Clock::systemUTC));
		}

	}

	/** The endpoint by the SPIFFE Workload Endpoint specification (section 4): {@code unix:} or {@code tcp:}. */
	static URI address(@Nullable String configured, @Nullable String variable) {
		String value = (configured != null && !configured.isBlank()) ? configured : variable;
		if (value == null || value.isBlank()) {
			throw new InvalidMtlsPropertyException(SOCKET_PROPERTY, "(not set)",
					"no Workload API endpoint: the property and the " + SOCKET_VARIABLE + " variable are both unset",
					"Set '" + SOCKET_PROPERTY + "' (e.g. unix:///run/spire/sockets/agent.sock) or the "
							+ SOCKET_VARIABLE + " environment variable.");
		}
		try {
			return Address.parseAddress(value);
		}
		catch (SocketEndpointAddressException | RuntimeException ex) {
			throw new InvalidMtlsPropertyException(SOCKET_PROPERTY, value, ex.getMessage(),
					"Use unix:///absolute/path/to/agent.sock or tcp://<ip>:<port> (an IP address, no path).");
		}
	}

	private static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidMtlsPropertyException(property, String.valueOf(value), "must be positive",
					"Set '" + property + "' to a positive duration, e.g. 30s.");
		}
		return value;
	}

}
