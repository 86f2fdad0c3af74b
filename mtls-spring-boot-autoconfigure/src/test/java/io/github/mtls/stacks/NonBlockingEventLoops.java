package io.github.mtls.stacks;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BlockHound for the reactive stack's tests: installed once per JVM, it records every blocking call
 * made on a non-blocking thread (Reactor Netty's event loops, Reactor's parallel scheduler), and each
 * test fails if one was made while it ran. Recorded rather than thrown, so that a blocked event loop
 * fails the test that caused it instead of surfacing as a dropped connection.
 */
public final class NonBlockingEventLoops implements BeforeAllCallback, AfterEachCallback {

	private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

	static {
		BlockHound.Builder builder = BlockHound.builder();
		// builder() alone knows no non-blocking thread: Reactor's and Netty's integrations are what
		// mark their event loops and parallel workers (BlockHound.install() loads them the same way).
		ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
		builder
			// Logback's console appender: the test log, not the code under test.
			.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
			.blockingMethodCallback((method) -> BLOCKED.add(method + " on " + Thread.currentThread().getName()))
			.install();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		BLOCKED.clear();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		List<String> blocked = List.copyOf(BLOCKED);
		BLOCKED.clear();
		assertThat(blocked).as("blocking calls on event-loop threads").isEmpty();
	}

}
