package io.github.mtls.reload;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.reload.TrustAndIdentities.Load;
import io.github.mtls.reload.TrustAndIdentities.Part;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the {@link TrustAndIdentities configuration in force} and publishes a new one with one
 * reference write. Producers (bundle reloads, the identities file, a Spring Cloud refresh) hand in a
 * part already validated as at startup ({@code adopt*}) or the reason it was not ({@link #reject});
 * a rejected change leaves the last good snapshot in force and is shown by the health contributor
 * until a good change of the same part arrives.
 */
public final class CurrentConfiguration implements Supplier<TrustAndIdentities> {

	private static final Logger logger = LoggerFactory.getLogger(CurrentConfiguration.class);

	private final Clock clock;

	private volatile TrustAndIdentities current;

	private final Map<Part, Rejection> unresolved = new EnumMap<>(Part.class);

	private final Map<Part, Load> loads = new EnumMap<>(Part.class);

	private volatile @Nullable Rejection lastRejected;

	private final LongAdder adopted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final List<Consumer<Change>> changeListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<Rejection>> rejectionListeners = new CopyOnWriteArrayList<>();

	/**
	 * Starts from the configuration validated at startup (generation 1).
	 * @param trust the client trust anchors
	 * @param intermediates the configured intermediates
	 * @param identities the pinned identities
	 * @param source where the identities come from
	 * @param clock the application clock
	 */
	public CurrentConfiguration(ClientTrust trust, List<X509Certificate> intermediates, IdentityIndex identities,
			String source, Clock clock) {
		this.clock = clock;
		Load startup = new Load(Part.IDENTITIES, source, clock.instant());
		this.current = new TrustAndIdentities(1, trust, intermediates, identities, startup);
		this.loads.put(Part.IDENTITIES, startup);
		this.loads.put(Part.TRUST, new Load(Part.TRUST, trust.source(), startup.at()));
	}

	/** A fixed configuration that never reloads, for code built without Spring. */
	public static CurrentConfiguration of(ClientTrust trust, List<X509Certificate> intermediates,
			IdentityIndex identities) {
		return new CurrentConfiguration(trust, intermediates, identities, "startup", Clock.systemUTC());
	}

	/** The configuration in force; read once per request. */
	@Override
	public TrustAndIdentities get() {
		return this.current;
	}

	/** Puts reloaded client trust anchors in force (already audited as at startup). */
	public Change adoptTrust(ClientTrust trust) {
		return publish(Part.TRUST, trust.source(),
				(now, load) -> new TrustAndIdentities(now.generation() + 1, trust, now.intermediates(),
						now.identities(), load));
	}

	/** Puts reloaded intermediates in force (already validated as at startup). */
	public Change adoptIntermediates(List<X509Certificate> intermediates, String source) {
		return publish(Part.INTERMEDIATES, source, (now, load) -> new TrustAndIdentities(now.generation() + 1,
				now.trust(), intermediates, now.identities(), load));
	}

	/** Puts a recompiled identity index in force (already validated as at startup). */
	public Change adoptIdentities(IdentityIndex identities, String source) {
		return publish(Part.IDENTITIES, source, (now, load) -> new TrustAndIdentities(now.generation() + 1,
				now.trust(), now.intermediates(), identities, load));
	}

	/**
	 * Records a change that failed validation: nothing is put in force.
	 * @param part the part that was to change
	 * @param source where the change came from
	 * @param property the property (or audit) that refused it, as startup would name it
	 * @param problem what is wrong, never a secret value
	 */
	public Rejection reject(Part part, String source, String property, String problem) {
		Rejection rejection = new Rejection(part, source, property, problem, this.clock.instant());
		synchronized (this) {
			this.unresolved.put(part, rejection);
			this.lastRejected = rejection;
		}
		this.rejected.increment();
		logger.error("mTLS {} change from {} rejected, the last good configuration (generation {}) stays in force: "
				+ "{} ({})", part.tag(), source, this.current.generation(), problem, property);
		this.rejectionListeners.forEach((listener) -> listener.accept(rejection));
		return rejection;
	}

	private Change publish(Part part, String source, Next next) {
		Change change;
		synchronized (this) {
			TrustAndIdentities before = this.current;
			TrustAndIdentities after = next.of(before, new Load(part, source, this.clock.instant()));
			this.current = after; // the one write every reader sees whole
			this.unresolved.remove(part);
			this.loads.put(part, after.loaded());
			change = Change.between(before, after);
		}
		this.adopted.increment();
		logger.info("mTLS {} reloaded from {}: generation {}{}", part.tag(), source, change.generation(),
				(part == Part.IDENTITIES) ? ", identities added " + change.added() + ", removed " + change.removed()
						+ ", changed " + change.changed() : "");
		this.changeListeners.forEach((listener) -> listener.accept(change));
		return change;
	}

	/** Runs {@code listener} after every adopted change, on the thread that adopted it. */
	public void onChange(Consumer<Change> listener) {
		this.changeListeners.add(listener);
	}

	/** Runs {@code listener} after every rejected change. */
	public void onRejection(Consumer<Rejection> listener) {
		this.rejectionListeners.add(listener);
	}

	/** When and from where a part was last loaded (at startup, or by its last adopted reload). */
	public synchronized Optional<Load> lastLoaded(Part part) {
		return Optional.ofNullable(this.loads.get(part));
	}

	/** The rejected changes not yet followed by a good change of the same part. */
	public synchronized List<Rejection> unresolved() {
		return List.copyOf(this.unresolved.values());
	}

	/** The last rejected change, resolved or not. */
	public Optional<Rejection> lastRejected() {
		return Optional.ofNullable(this.lastRejected);
	}

	/** How many changes were adopted since startup. */
	public long adoptedCount() {
		return this.adopted.sum();
	}

	/** How many changes were rejected since startup. */
	public long rejectedCount() {
		return this.rejected.sum();
	}

	@FunctionalInterface
	private interface Next {

		TrustAndIdentities of(TrustAndIdentities now, Load load);

	}

	/**
	 * A change that failed validation.
	 *
	 * @param part the part that was to change
	 * @param source where from
	 * @param property the property or audit that refused it
	 * @param problem what is wrong
	 * @param at when
	 */
	public record Rejection(Part part, String source, String property, String problem, Instant at) {
	}

	/**
	 * An adopted change, for the audit: the identities added, removed and changed by name (never a
	 * selector value or secret).
	 *
	 * @param generation the generation now in force
	 * @param loaded what was loaded, from where and when
	 * @param added identities new in this generation
	 * @param removed identities gone in this generation
	 * @param changed identities whose selectors or authorities changed
	 */
	public record Change(long generation, Load loaded, List<String> added, List<String> removed,
			List<String> changed) {

		static Change between(TrustAndIdentities before, TrustAndIdentities after) {
			Map<String, ClientIdentity> old = before.identities().identities();
			Map<String, ClientIdentity> now = after.identities().identities();
			List<String> added = new ArrayList<>();
			List<String> changed = new ArrayList<>();
			for (String name : new TreeSet<>(now.keySet())) {
				ClientIdentity previous = old.get(name);
				if (previous == null) {
					added.add(name);
				}
				else if (!previous.equals(now.get(name))) {
					changed.add(name);
				}
			}
			List<String> removed = new TreeSet<>(old.keySet()).stream().filter((name) -> !now.containsKey(name)).toList();
			return new Change(after.generation(), after.loaded(), added, removed, changed);
		}

	}

}
