package io.github.mtls.spiffe;

import org.jspecify.annotations.Nullable;

/**
 * What observability reads of SPIFFE (the {@code mtls} endpoint, health and metrics): an interface
 * free of gRPC types, so that the Actuator wiring loads without java-spiffe.
 */
public interface SpiffeObservation {

	/** SPIFFE now; {@code null} before the first update. */
	@Nullable SpiffeStatus status();

}
