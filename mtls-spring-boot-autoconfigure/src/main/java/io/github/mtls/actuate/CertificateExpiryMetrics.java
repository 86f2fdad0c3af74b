package io.github.mtls.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.mtls.identity.CertificateFacts;

/**
 * Gauge {@code mtls.certificate.expiry}: seconds until each monitored certificate's notAfter,
 * negative once expired (the convention of Boot's {@code ssl.chain.expiry}), tagged {@code role},
 * {@code name} and {@code serial}. One {@link MultiGauge} per registry whose rows are registered
 * again whenever the inventory changes (SSL bundle reload, a client presenting a renewed
 * certificate), so a replaced certificate's series disappears. Cardinality is bounded by the
 * configuration: server chains, trust store entries and one row per pinned identity.
 */
public final class CertificateExpiryMetrics implements MeterBinder {

	static final String NAME = "mtls.certificate.expiry";

	private final CertificateInventory inventory;

	private final CertificateExpiry expiry;

	private final Map<MeterRegistry, MultiGauge> gauges = new ConcurrentHashMap<>();

	public CertificateExpiryMetrics(CertificateInventory inventory, CertificateExpiry expiry) {
		this.inventory = inventory;
		this.expiry = expiry;
		inventory.onChange(this::registerRows);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.gauges.computeIfAbsent(registry, (key) -> MultiGauge.builder(NAME)
			.baseUnit("seconds")
			.description("Time until a certificate the service depends on expires (negative once expired)")
			.register(registry));
		registerRows();
	}

	private synchronized void registerRows() {
		Map<Tags, CertificateFacts> certificates = new LinkedHashMap<>();
		for (MonitoredCertificate certificate : this.inventory.all()) {
			certificates.putIfAbsent(Tags.of("role", certificate.role().tag(), "name", certificate.name(), "serial",
					certificate.facts().serial()), certificate.facts());
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		certificates.forEach((tags, facts) -> rows.add(MultiGauge.Row.of(tags, facts, this.expiry::remainingSeconds)));
		for (MultiGauge gauge : this.gauges.values()) {
			gauge.register(rows, true);
		}
	}

}
