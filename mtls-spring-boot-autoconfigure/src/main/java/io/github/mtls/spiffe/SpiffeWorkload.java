package io.github.mtls.spiffe;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The one place where a Workload API update goes: first the client trust ({@link SpiffeTrust}, the
 * bundles replaced as a whole), then the server's SSL bundle, then the observers (metrics). Holds the
 * last update for the Actuator.
 */
public final class SpiffeWorkload implements Consumer<WorkloadUpdate>, SpiffeObservation {

	private final SpiffeTrust trust;

	private final Clock clock;

	private final Duration expiryThreshold;

	private final List<Consumer<WorkloadUpdate>> observers = new CopyOnWriteArrayList<>();

	private volatile @Nullable WorkloadUpdate current;

	private volatile @Nullable SvidSslBundle bundle;

	private volatile @Nullable WorkloadApiWatch watch;

	/**
	 * @param trust where the bundles go
	 * @param clock the time expiry is judged at
	 * @param expiryThreshold how close to its expiry an SVID is at risk while the Workload API is unreachable
	 */
	public SpiffeWorkload(SpiffeTrust trust, Clock clock, Duration expiryThreshold) {
		this.trust = trust;
		this.clock = clock;
		this.expiryThreshold = expiryThreshold;
	}

	@Override
	public void accept(WorkloadUpdate update) {
		this.trust.replace(update.bundles());
		this.current = update;
		SvidSslBundle bundle = this.bundle;
		if (bundle != null) {
			bundle.update(update);
		}
		this.observers.forEach((observer) -> observer.accept(update));
	}

	/**
	 * Opens the watch and waits for the first update.
	 * @return the first update
	 * @throws WorkloadApiUnavailableException when none arrived within {@code timeout}, naming the
	 * endpoint and the last error
	 */
	public WorkloadUpdate start(WorkloadApiWatch watch, Duration timeout) {
		this.watch = watch;
		watch.start();
		try {
			if (!watch.awaitFirstUpdate(timeout) || this.current == null) {
				watch.close();
				throw new WorkloadApiUnavailableException(watch.status(), timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			watch.close();
			throw new WorkloadApiUnavailableException(watch.status(), timeout);
		}
		return this.current;
	}

	/** Sends every later update to {@code bundle} too. */
	public void serveWith(SvidSslBundle bundle) {
		this.bundle = bundle;
	}

	/** Sends every later update to {@code observer} too. */
	public void observe(Consumer<WorkloadUpdate> observer) {
		this.observers.add(observer);
	}

	/** The last update; {@code null} before the first. */
	public @Nullable WorkloadUpdate current() {
		return this.current;
	}

	@Override
	public @Nullable SpiffeStatus status() {
		WorkloadUpdate update = this.current;
		WorkloadApiWatch watch = this.watch;
		if (update == null || watch == null) {
			return null;
		}
		WatchStatus api = watch.status();
		Svid svid = update.svid();
		boolean atRisk = !api.connected()
				&& !this.clock.instant().plus(this.expiryThreshold).isBefore(svid.expiresAt());
		Map<String, List<SpiffeStatus.AuthorityView>> bundles = new LinkedHashMap<>();
		update.bundles().byTrustDomain().forEach((domain, authorities) -> bundles.put(domain,
				authorities.stream().map(SpiffeStatus.AuthorityView::of).toList()));
		return new SpiffeStatus(new SpiffeStatus.SvidView(svid.id(), svid.serial(), svid.expiresAt()), bundles,
				update.received(), api, atRisk);
	}

	/** Closes the watch. */
	public void close() {
		WorkloadApiWatch watch = this.watch;
		if (watch != null) {
			watch.close();
		}
	}

}
