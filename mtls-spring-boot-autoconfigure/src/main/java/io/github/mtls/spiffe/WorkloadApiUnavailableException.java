package io.github.mtls.spiffe;

import java.time.Duration;

/**
 * No X.509-SVID arrived from the Workload API within {@code mtls.spiffe.startup-timeout}: the
 * application does not start without its identity.
 */
public class WorkloadApiUnavailableException extends RuntimeException {

	private final WatchStatus status;

	private final Duration timeout;

	public WorkloadApiUnavailableException(WatchStatus status, Duration timeout) {
		super("No X.509-SVID from the SPIFFE Workload API at " + status.address() + " within " + timeout.toMillis()
				+ " ms" + ((status.lastError() != null) ? ": " + status.lastError() : ""));
		this.status = status;
		this.timeout = timeout;
	}

	/** The watch when startup gave up. */
	public WatchStatus getStatus() {
		return this.status;
	}

	/** How long startup waited. */
	public Duration getTimeout() {
		return this.timeout;
	}

}
