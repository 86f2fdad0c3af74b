package io.github.mtls.core;

import java.util.ArrayList;
import java.util.List;

import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.path.PathVerdict;
import org.jspecify.annotations.Nullable;

/**
 * Every step of one decision, recorded by {@link AuthenticationPipeline#explain}: the path built and
 * its verdict, the leaf policy, the identity lookup, the revocation status of each certificate, and
 * the decision. A step the decision never reached stays {@code null} (or empty).
 */
public final class Explanation implements Trace {

	private @Nullable PathVerdict path;

	private boolean leafPolicyChecked;

	private @Nullable Refusal leafPolicy;

	private IdentityIndex.@Nullable Match identity;

	private final List<Revocation> revocation = new ArrayList<>();

	private @Nullable Decision decision;

	@Override
	public boolean diagnostic() {
		return true;
	}

	@Override
	public void path(PathVerdict verdict) {
		this.path = verdict;
	}

	@Override
	public void leafPolicy(@Nullable Refusal refusal) {
		this.leafPolicyChecked = true;
		this.leafPolicy = refusal;
	}

	@Override
	public void identity(IdentityIndex.Match match) {
		this.identity = match;
	}

	@Override
	public void revocation(Revocation revocation) {
		this.revocation.add(revocation);
	}

	void decision(Decision decision) {
		this.decision = decision;
	}

	/** The path verdict; {@code null} when path validation did not run (no certificate, or a trusted proxy's chain). */
	public @Nullable PathVerdict path() {
		return this.path;
	}

	/** Whether the leaf policy ran. */
	public boolean leafPolicyChecked() {
		return this.leafPolicyChecked;
	}

	/** The leaf policy's refusal; {@code null} when it passed or did not run. */
	public @Nullable Refusal leafPolicy() {
		return this.leafPolicy;
	}

	/** The identity lookup; {@code null} when it did not run. */
	public IdentityIndex.@Nullable Match identity() {
		return this.identity;
	}

	/** The revocation status of each certificate checked, leaf first. */
	public List<Revocation> revocation() {
		return List.copyOf(this.revocation);
	}

	/** The decision, exactly as a request with this chain at this time would get it. */
	public Decision decision() {
		if (this.decision == null) {
			throw new IllegalStateException("not decided yet");
		}
		return this.decision;
	}

}
