package io.github.mtls.actuate;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.mtls.core.Decision;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import org.jspecify.annotations.Nullable;

/**
 * Counter {@code mtls.authentications} tagged {@code result} ({@code accepted}, {@code refused}),
 * {@code reason} (the refusal's reason code, {@code none} when accepted) and {@code identity} (the
 * pinned identity, or {@value #UNPINNED} for every decision without one, so a client presenting
 * ever new certificates cannot grow the number of series). Counters are created on first use and
 * then looked up by identity and reason without allocating. Decisions made before a registry is
 * bound (none, in practice: binding happens before the server accepts requests) are not counted.
 */
public final class AuthenticationMetrics implements DecisionListener, MeterBinder {

	static final String NAME = "mtls.authentications";

	/** The {@code identity} tag of decisions that matched no pinned identity. */
	public static final String UNPINNED = "unpinned";

	private static final int SLOTS = RefusalReason.values().length + 1;

	private volatile @Nullable MeterRegistry registry;

	private volatile Map<String, AtomicReferenceArray<@Nullable Counter>> counters;

	private final AtomicReferenceArray<@Nullable Counter> unpinned = new AtomicReferenceArray<>(SLOTS);

	public AuthenticationMetrics(IdentityIndex identities) {
		Map<String, AtomicReferenceArray<@Nullable Counter>> counters = new HashMap<>();
		for (String name : identities.identities().keySet()) {
			counters.put(name, new AtomicReferenceArray<>(SLOTS));
		}
		this.counters = Map.copyOf(counters);
	}

	/** Follows reloaded identities: an added identity gets its own counters, a removed one counts as unpinned. */
	public synchronized void follow(IdentityIndex identities) {
		Map<String, AtomicReferenceArray<@Nullable Counter>> before = this.counters;
		Map<String, AtomicReferenceArray<@Nullable Counter>> counters = new HashMap<>();
		for (String name : identities.identities().keySet()) {
			counters.put(name, before.getOrDefault(name, new AtomicReferenceArray<>(SLOTS)));
		}
		this.counters = Map.copyOf(counters);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onDecision(Decision decision) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		ClientIdentity identity = decision.identity();
		AtomicReferenceArray<@Nullable Counter> row = (identity != null) ? this.counters.get(identity.name()) : null;
		String name = (row != null) ? identity.name() : UNPINNED;
		row = (row != null) ? row : this.unpinned;
		RefusalReason reason = (decision instanceof Decision.Refused refused) ? refused.reason() : null;
		int slot = (reason != null) ? reason.ordinal() + 1 : 0;
		Counter counter = row.get(slot);
		if (counter == null) {
			counter = Counter.builder(NAME)
				.description("mTLS client authentication decisions")
				.tag("result", (reason != null) ? "refused" : "accepted")
				.tag("reason", (reason != null) ? reason.code() : "none")
				.tag("identity", name)
				.register(registry);
			row.set(slot, counter);
		}
		counter.increment();
	}

}
