package io.github.mtls.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.mtls.core.LogText;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.policy.CertificateStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Logs a WARN line once a day for each monitored certificate that is within the warning threshold
 * or already expired, so that an operator who reads nothing but logs still hears of it. Checks at
 * start and then every {@code mtls.expiry.check-interval} on one daemon thread; "a day" is
 * measured on the injected clock.
 */
public final class ExpiryWarnings implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ExpiryWarnings.class);

	private static final Duration REPEAT = Duration.ofDays(1);

	private final CertificateInventory inventory;

	private final CertificateExpiry expiry;

	private final Duration interval;

	private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService scheduler;

	public ExpiryWarnings(CertificateInventory inventory, CertificateExpiry expiry, Duration interval) {
		this.inventory = inventory;
		this.expiry = expiry;
		this.interval = interval;
	}

	/** Checks every monitored certificate now and logs those not warned about within a day. */
	public synchronized void check() {
		Instant now = this.expiry.now();
		Set<String> present = new HashSet<>();
		for (MonitoredCertificate certificate : this.inventory.all()) {
			CertificateFacts facts = certificate.facts();
			present.add(facts.sha256());
			CertificateStatus status = this.expiry.status(facts);
			if (status != CertificateStatus.EXPIRING_SOON && status != CertificateStatus.EXPIRED) {
				continue;
			}
			Instant last = this.lastWarned.get(facts.sha256());
			if (last != null && now.isBefore(last.plus(REPEAT))) {
				continue;
			}
			this.lastWarned.put(facts.sha256(), now);
			Duration remaining = Duration.between(now, facts.notAfter());
			if (status == CertificateStatus.EXPIRED) {
				logger.warn("mTLS {} certificate '{}' expired {} ago at {} (subject \"{}\", serial {}, sha256 {})",
						certificate.role().tag(), certificate.name(), readable(remaining.negated()), facts.notAfter(),
						LogText.escape(facts.subjectName()), facts.serial(), facts.shortFingerprint());
			}
			else {
				logger.warn("mTLS {} certificate '{}' expires in {} at {} (subject \"{}\", serial {}, sha256 {})",
						certificate.role().tag(), certificate.name(), readable(remaining), facts.notAfter(),
						LogText.escape(facts.subjectName()), facts.serial(), facts.shortFingerprint());
			}
		}
		this.lastWarned.keySet().retainAll(present);
	}

	private static String readable(Duration duration) {
		return (duration.toDays() > 0) ? duration.toDays() + "d " + duration.toHoursPart() + "h"
				: duration.toHours() + "h " + duration.toMinutesPart() + "m";
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "mtls-expiry-warnings");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::checkSafely, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			// A failing check must not end the schedule.
			logger.error("mTLS expiry check failed", ex);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
