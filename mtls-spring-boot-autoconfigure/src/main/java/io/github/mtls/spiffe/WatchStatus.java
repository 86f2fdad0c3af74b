package io.github.mtls.spiffe;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The Workload API watch as operators see it.
 *
 * @param address the endpoint
 * @param connected whether the stream is open and has answered since it was (re)opened
 * @param lastUpdate when the last update arrived; {@code null} before the first
 * @param lastError the last error ({@code UNAVAILABLE: ...}); {@code null} after a good update
 * @param updates the updates received
 * @param errors the errors met (failed streams and unreadable updates)
 */
public record WatchStatus(String address, boolean connected, @Nullable Instant lastUpdate, @Nullable String lastError,
		long updates, long errors) {
}
