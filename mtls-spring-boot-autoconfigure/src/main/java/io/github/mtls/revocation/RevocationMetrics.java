package io.github.mtls.revocation;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Revocation meters, read from the checker's own counters so that the request path only increments
 * a {@code LongAdder}:
 * <ul>
 * <li>{@code mtls.revocation.checks} (counter; tags {@code source}: ocsp, crl, none, and
 * {@code result}: good, revoked, stale, unknown, failed-open, unchecked),</li>
 * <li>{@code mtls.revocation.fetches} (timer of OCSP exchanges and CRL downloads; tags
 * {@code source} and {@code outcome}: success, failure),</li>
 * <li>the status cache's statistics ({@code cache.*} with {@code cache=mtls.revocation.statuses}).</li>
 * </ul>
 */
public final class RevocationMetrics implements MeterBinder {

	private final RevocationChecker checker;

	public RevocationMetrics(RevocationChecker checker) {
		this.checker = checker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (RevocationChecker.Source source : RevocationChecker.Source.values()) {
			for (RevocationChecker.Result result : RevocationChecker.Result.values()) {
				FunctionCounter.builder("mtls.revocation.checks", this.checker, (c) -> c.checks(source, result))
					.description("Revocation checks of client certificates, by where the status came from and result")
					.tags("source", source.value(), "result", result.value())
					.register(registry);
			}
		}
		for (RevocationMode.SourceKind kind : RevocationMode.SourceKind.values()) {
			for (boolean success : new boolean[] { true, false }) {
				FunctionTimer
					.builder("mtls.revocation.fetches", this.checker, (c) -> c.fetches(kind, success),
							(c) -> c.fetchNanos(kind, success), TimeUnit.NANOSECONDS)
					.description("OCSP exchanges and CRL downloads, off the request path")
					.tags("source", kind.value(), "outcome", success ? "success" : "failure")
					.register(registry);
			}
		}
		CaffeineCacheMetrics.monitor(registry, this.checker.statusCache(), "mtls.revocation.statuses", Tags.empty());
	}

}
