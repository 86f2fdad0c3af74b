package io.github.mtls.actuate;

import io.github.mtls.reload.CurrentConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mtls.configuration.reloads} (tagged {@code result} adopted or rejected) and
 * {@code mtls.configuration.generation}: an operator alerts on a rejected reload, since the
 * configuration deployed is then not the one in force.
 */
public final class ConfigurationReloadMetrics implements MeterBinder {

	private final CurrentConfiguration current;

	public ConfigurationReloadMetrics(CurrentConfiguration current) {
		this.current = current;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("mtls.configuration.reloads", this.current, CurrentConfiguration::adoptedCount)
			.description("Reloads of trust material and pinned identities")
			.tag("result", "adopted")
			.register(registry);
		FunctionCounter.builder("mtls.configuration.reloads", this.current, CurrentConfiguration::rejectedCount)
			.description("Reloads of trust material and pinned identities")
			.tag("result", "rejected")
			.register(registry);
		Gauge.builder("mtls.configuration.generation", this.current, (current) -> current.get().generation())
			.description("Generation of the mTLS configuration in force")
			.register(registry);
	}

}
