package io.github.mtls.factor;

import java.util.List;

/**
 * Where a second factor is required, compiled from {@code mtls.second-factor.*}.
 *
 * @param kind the factor required
 * @param paths path patterns the requirement applies to; empty means every request
 */
public record SecondFactorRequirement(SecondFactorKind kind, List<String> paths) {

	public SecondFactorRequirement {
		paths = List.copyOf(paths);
	}

	/** Whether a second factor is required anywhere. */
	public boolean required() {
		return this.kind != SecondFactorKind.NONE;
	}

}
