package io.github.mtls.actuate;

import java.time.Clock;

import io.github.mtls.spiffe.SpiffeObservation;
import io.github.mtls.spiffe.SpiffeStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * SPIFFE meters: {@code mtls.spiffe.svid.expiry} (seconds until the workload's SVID expires, by the
 * injected clock), {@code mtls.spiffe.updates} and {@code mtls.spiffe.errors} (Workload API updates
 * received, and failed streams or unreadable updates). Read from the watch; no tag per SVID, so a
 * rotation every hour adds no series.
 */
public final class SpiffeMetrics implements MeterBinder {

	private final SpiffeObservation spiffe;

	private final Clock clock;

	public SpiffeMetrics(SpiffeObservation spiffe, Clock clock) {
		this.spiffe = spiffe;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("mtls.spiffe.svid.expiry", this, SpiffeMetrics::secondsToExpiry)
			.description("Seconds until the workload's X.509-SVID expires")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("mtls.spiffe.updates", this, (metrics) -> metrics.count(true))
			.description("Updates received from the SPIFFE Workload API")
			.register(registry);
		FunctionCounter.builder("mtls.spiffe.errors", this, (metrics) -> metrics.count(false))
			.description("SPIFFE Workload API errors: failed streams and unreadable updates")
			.register(registry);
	}

	private double secondsToExpiry() {
		SpiffeStatus status = this.spiffe.status();
		return (status != null)
				? java.time.Duration.between(this.clock.instant(), status.svid().notAfter()).toSeconds() : Double.NaN;
	}

	private double count(boolean updates) {
		SpiffeStatus status = this.spiffe.status();
		return (status == null) ? 0 : updates ? status.workloadApi().updates() : status.workloadApi().errors();
	}

}
