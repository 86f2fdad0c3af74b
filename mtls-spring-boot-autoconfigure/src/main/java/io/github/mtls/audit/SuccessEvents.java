package io.github.mtls.audit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.mtls.core.Decision;
import org.jspecify.annotations.Nullable;

/**
 * Which accepted requests publish an authentication success event ({@code mtls.audit.success-events}).
 * A kept-alive connection carries thousands of requests of one identity with one certificate; an
 * event for each floods the audit repository (Actuator keeps the last thousand events, so one busy
 * client would push every refusal out of it) and costs a publication per request. Per connection,
 * the first request of an identity with a certificate on a TLS session (or, where the hop to the
 * application is plain HTTP, a connection) publishes; refusals are never gated and stay one per
 * request.
 */
public final class SuccessEvents {

	/**
	 * How long a connection that published is remembered after its last request: a connection idle
	 * longer publishes again, so a long-lived connection shows up in the audit at least this often
	 * while it is busy.
	 */
	static final Duration REMEMBERED = Duration.ofMinutes(30);

	/** Bounds memory on a server with many connections; a forgotten one publishes again. */
	static final long MAX_CONNECTIONS = 100_000;

	private final Scope scope;

	private final @Nullable Cache<Seen, Boolean> seen;

	/**
	 * Creates the gate.
	 * @param scope per connection or per request
	 * @param ticker the time source of how long a connection is remembered
	 */
	public SuccessEvents(Scope scope, Ticker ticker) {
		this.scope = scope;
		this.seen = (scope == Scope.PER_REQUEST) ? null
				: Caffeine.newBuilder()
					.expireAfterAccess(REMEMBERED.toNanos(), TimeUnit.NANOSECONDS)
					.maximumSize(MAX_CONNECTIONS)
					.executor(Runnable::run)
					.ticker(ticker)
					.build();
	}

	/** One event per accepted request, as Spring Security publishes them. */
	public static SuccessEvents perRequest() {
		return new SuccessEvents(Scope.PER_REQUEST, Ticker.systemTicker());
	}

	/**
	 * Whether this accepted request publishes its success event.
	 * @param accepted the pipeline's decision
	 * @param connection the TLS session id of the connection, or an id of the connection itself;
	 * {@code null} when the adapter cannot tell, and then the request publishes
	 * @return {@code true} for the first request of the identity and certificate on the connection
	 */
	public boolean publish(Decision.Accepted accepted, @Nullable String connection) {
		if (this.seen == null || connection == null) {
			return true;
		}
		Seen key = new Seen(accepted.identity().name(), accepted.certificate().sha256(), connection);
		return this.seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
	}

	/** The configured scope. */
	public Scope scope() {
		return this.scope;
	}

	private record Seen(String identity, String certificate, String connection) {
	}

	/** The values of {@code mtls.audit.success-events}. */
	public enum Scope {

		/** The first request of an identity and certificate on a TLS session or connection publishes. */
		PER_CONNECTION,

		/** Every accepted request publishes. */
		PER_REQUEST

	}

}
