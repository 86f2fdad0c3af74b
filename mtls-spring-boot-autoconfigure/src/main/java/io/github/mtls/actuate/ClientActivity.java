package io.github.mtls.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.mtls.core.Decision;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline has seen of each client, kept from its decisions: per pinned identity when it
 * was last seen, the certificate it last presented and how many requests were accepted and
 * refused; and the last few certificates that passed the handshake but matched no identity (they
 * show a CA issuing more than it should), with counts.
 *
 * <p>The warm path (a known identity presenting the same certificate again) costs a map lookup, a
 * {@link LongAdder} increment, a volatile write and a reference comparison; nothing is allocated. A refusal decided
 * before identity matching (for example an expired certificate) is attributed to the identity the
 * certificate would have matched, so an operator sees which client is being turned away.
 */
public final class ClientActivity implements DecisionListener {

	private final Clock clock;

	private volatile Map<String, Activity> activity;

	private final int unmatchedLimit;

	private final Map<String, Unmatched> unmatched = new ConcurrentHashMap<>();

	private final List<Runnable> certificateChangeListeners = new CopyOnWriteArrayList<>();

	/**
	 * @param identities the pinned identities
	 * @param clock the clock decisions are timed with
	 * @param unmatchedLimit how many distinct unmatched certificates to remember
	 */
	public ClientActivity(IdentityIndex identities, Clock clock, int unmatchedLimit) {
		this.clock = clock;
		Map<String, Activity> activity = new LinkedHashMap<>();
		for (String name : identities.identities().keySet()) {
			activity.put(name, new Activity());
		}
		this.activity = Map.copyOf(activity);
		this.unmatchedLimit = unmatchedLimit;
	}

	/**
	 * Follows reloaded identities: a retained identity keeps its activity, a removed one is
	 * forgotten, an added one starts unseen.
	 */
	public synchronized void follow(IdentityIndex identities) {
		Map<String, Activity> before = this.activity;
		Map<String, Activity> activity = new LinkedHashMap<>();
		for (String name : identities.identities().keySet()) {
			activity.put(name, before.getOrDefault(name, new Activity()));
		}
		this.activity = Map.copyOf(activity);
		this.certificateChangeListeners.forEach(Runnable::run);
	}

	@Override
	public void onDecision(Decision decision) {
		ClientIdentity identity = decision.identity();
		CertificateFacts certificate = decision.certificate();
		if (identity != null) {
			Activity activity = this.activity.get(identity.name());
			if (activity != null && certificate != null) {
				seen(activity, decision, certificate);
			}
		}
		else if (certificate != null && this.unmatchedLimit > 0) {
			unmatched(certificate, ((Decision.Refused) decision).reason());
		}
	}

	private void seen(Activity activity, Decision decision, CertificateFacts certificate) {
		if (decision instanceof Decision.Refused refused) {
			activity.refused.increment();
			activity.lastRefusal = refused.reason();
		}
		else {
			activity.accepted.increment();
		}
		activity.lastSeen = this.clock.millis();
		CertificateFacts last = activity.certificate.get();
		// The facts cache returns the same instance for the same certificate; compare fingerprints
		// only when it did not (eviction), and publish only a real change.
		if (last != certificate && (last == null || !last.sha256().equals(certificate.sha256()))) {
			activity.certificate.set(certificate);
			for (Runnable listener : this.certificateChangeListeners) {
				listener.run();
			}
		}
	}

	private void unmatched(CertificateFacts certificate, RefusalReason reason) {
		Unmatched entry = this.unmatched.get(certificate.sha256());
		long now = this.clock.millis();
		if (entry == null) {
			entry = this.unmatched.computeIfAbsent(certificate.sha256(), (key) -> new Unmatched(certificate, now));
			if (this.unmatched.size() > this.unmatchedLimit) {
				evictLeastRecentlySeen(entry);
			}
		}
		entry.count.increment();
		entry.lastSeen = now;
		entry.lastReason = reason;
	}

	private synchronized void evictLeastRecentlySeen(Unmatched keep) {
		while (this.unmatched.size() > this.unmatchedLimit) {
			this.unmatched.values()
				.stream()
				.filter((entry) -> entry != keep)
				.min(Comparator.comparingLong((Unmatched entry) -> entry.lastSeen))
				.ifPresent((oldest) -> this.unmatched.remove(oldest.certificate.sha256(), oldest));
		}
	}

	/** Runs {@code listener} whenever a pinned identity presents a different certificate. */
	public void onCertificateChange(Runnable listener) {
		this.certificateChangeListeners.add(listener);
	}

	/** The activity of one pinned identity, or {@code null} when no such identity is pinned. */
	public @Nullable IdentityActivity identity(String name) {
		Activity activity = this.activity.get(name);
		return (activity != null) ? activity.snapshot() : null;
	}

	/** The certificate each pinned identity last presented, by identity name (seen identities only). */
	public Map<String, CertificateFacts> lastCertificates() {
		Map<String, CertificateFacts> certificates = new LinkedHashMap<>();
		Map<String, Activity> activity = this.activity;
		for (String name : activity.keySet()) {
			CertificateFacts certificate = activity.get(name).certificate.get();
			if (certificate != null) {
				certificates.put(name, certificate);
			}
		}
		return certificates;
	}

	/** The remembered unmatched certificates, most recently seen first. */
	public List<UnmatchedCertificate> unmatched() {
		List<UnmatchedCertificate> unmatched = new ArrayList<>();
		for (Unmatched entry : this.unmatched.values()) {
			unmatched.add(new UnmatchedCertificate(entry.certificate, entry.count.sum(),
					Instant.ofEpochMilli(entry.firstSeen), Instant.ofEpochMilli(entry.lastSeen), entry.lastReason));
		}
		unmatched.sort(Comparator.comparing(UnmatchedCertificate::lastSeen).reversed());
		return unmatched;
	}

	/**
	 * What one pinned identity has done.
	 *
	 * @param lastSeen when it last presented its certificate (accepted or refused), or {@code null}
	 * @param certificate the certificate it last presented, or {@code null}
	 * @param accepted accepted requests since start
	 * @param refused refused requests since start
	 * @param lastRefusal the reason of its last refusal, or {@code null}
	 */
	public record IdentityActivity(@Nullable Instant lastSeen, @Nullable CertificateFacts certificate, long accepted,
			long refused, @Nullable RefusalReason lastRefusal) {

	}

	/**
	 * A certificate that passed the handshake but matched no pinned identity.
	 *
	 * @param certificate its facts
	 * @param count how often it was presented since it was first remembered
	 * @param firstSeen when it was first remembered
	 * @param lastSeen when it was last presented
	 * @param lastReason why it was last refused
	 */
	public record UnmatchedCertificate(CertificateFacts certificate, long count, Instant firstSeen, Instant lastSeen,
			RefusalReason lastReason) {

	}

	private static final class Activity {

		final LongAdder accepted = new LongAdder();

		final LongAdder refused = new LongAdder();

		final AtomicReference<@Nullable CertificateFacts> certificate = new AtomicReference<>();

		volatile long lastSeen = Long.MIN_VALUE;

		volatile @Nullable RefusalReason lastRefusal;

		IdentityActivity snapshot() {
			long lastSeen = this.lastSeen;
			return new IdentityActivity((lastSeen != Long.MIN_VALUE) ? Instant.ofEpochMilli(lastSeen) : null,
					this.certificate.get(), this.accepted.sum(), this.refused.sum(), this.lastRefusal);
		}

	}

	private static final class Unmatched {

		final CertificateFacts certificate;

		final long firstSeen;

		final LongAdder count = new LongAdder();

		volatile long lastSeen;

		volatile RefusalReason lastReason = RefusalReason.IDENTITY_NOT_PINNED;

		Unmatched(CertificateFacts certificate, long firstSeen) {
			this.certificate = certificate;
			this.firstSeen = firstSeen;
			this.lastSeen = firstSeen;
		}

	}

}
