package io.github.mtls.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SPIFFE: the server's certificate, client trust and identities from the SPIFFE Workload API.
 */
@ConfigurationProperties("mtls.spiffe")
public class SpiffeProperties {

	/** Whether to take the server's X.509-SVID and the trust bundles from the SPIFFE Workload API. */
	private boolean enabled;

	/** Workload API endpoint, unix:///path/to/agent.sock or tcp://ip:port; defaults to the SPIFFE_ENDPOINT_SOCKET environment variable. */
	private @Nullable String endpointSocket;

	/** Name of the SSL bundle holding the SVID and the bundles; point server.ssl.bundle (and mtls.trust.bundle in proxy mode) at it. */
	private String bundleName = "spiffe";

	/** How long startup waits for the first X.509-SVID before it fails, naming the socket and the error. */
	private Duration startupTimeout = Duration.ofSeconds(30);

	/** Wait before reopening a failed Workload API stream (Unavailable, PermissionDenied); doubles on each failure. */
	private Duration initialBackoff = Duration.ofMillis(500);

	/** Longest wait between two attempts to reopen the Workload API stream. */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/** Health is DOWN when the SVID expires within this while the Workload API is unreachable. */
	private Duration expiryThreshold = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getEndpointSocket() {
		return this.endpointSocket;
	}

	public void setEndpointSocket(@Nullable String endpointSocket) {
		this.endpointSocket = endpointSocket;
	}

	public String getBundleName() {
		return this.bundleName;
	}

	public void setBundleName(String bundleName) {
		this.bundleName = bundleName;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getExpiryThreshold() {
		return this.expiryThreshold;
	}

	public void setExpiryThreshold(Duration expiryThreshold) {
		this.expiryThreshold = expiryThreshold;
	}

}
