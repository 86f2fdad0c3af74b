package io.github.mtls.path;

import java.util.Set;

/**
 * The user-configured inputs of path validation (RFC 5280 section 6.1.1) and the bounds of path
 * building.
 *
 * @param initialPolicies the user-initial-policy-set, as dotted OIDs ({@value #ANY_POLICY} for any)
 * @param requireExplicitPolicy initial-explicit-policy: the path must be valid for at least one
 * policy of {@code initialPolicies}
 * @param inhibitPolicyMapping initial-policy-mapping-inhibit
 * @param inhibitAnyPolicy initial-any-policy-inhibit
 * @param maxChainLength the most certificates a path may hold, leaf included and anchor excluded
 * @param maxCandidatePaths the most candidate paths validated for one leaf, so that a crafted pool
 * of certificates cannot make validation expensive
 * @param profile which rules of the certificate profile (RFC 5280 section 4) are enforced
 */
public record PathSettings(Set<String> initialPolicies, boolean requireExplicitPolicy, boolean inhibitPolicyMapping,
		boolean inhibitAnyPolicy, int maxChainLength, int maxCandidatePaths, ProfileMode profile) {

	/** anyPolicy (RFC 5280 4.2.1.4). */
	public static final String ANY_POLICY = "2.5.29.32.0";

	/** RFC 5280's defaults: any policy, no flags; paths of up to 8 certificates, 16 candidates. */
	public static final PathSettings DEFAULTS = new PathSettings(Set.of(ANY_POLICY), false, false, false, 8, 16);

	public PathSettings {
		initialPolicies = Set.copyOf(initialPolicies);
	}

	/** Settings under the {@link ProfileMode#STRICT strict} profile. */
	public PathSettings(Set<String> initialPolicies, boolean requireExplicitPolicy, boolean inhibitPolicyMapping,
			boolean inhibitAnyPolicy, int maxChainLength, int maxCandidatePaths) {
		this(initialPolicies, requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy, maxChainLength,
				maxCandidatePaths, ProfileMode.STRICT);
	}

	/** These settings under another certificate profile. */
	public PathSettings withProfile(ProfileMode profile) {
		return new PathSettings(this.initialPolicies, this.requireExplicitPolicy, this.inhibitPolicyMapping,
				this.inhibitAnyPolicy, this.maxChainLength, this.maxCandidatePaths, profile);
	}

	/** The settings as the startup report shows them, in property terms. */
	@Override
	public String toString() {
		return "max-chain-length=" + this.maxChainLength + ", max-candidate-paths=" + this.maxCandidatePaths
				+ ", policies.initial=" + new java.util.TreeSet<>(this.initialPolicies) + ", require-explicit="
				+ this.requireExplicitPolicy + ", inhibit-mapping=" + this.inhibitPolicyMapping + ", inhibit-any="
				+ this.inhibitAnyPolicy + ", profile=" + this.profile.name().toLowerCase(java.util.Locale.ROOT);
	}

}
