package io.github.mtls.test.pkits;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The RFC 5280 path-validation inputs (section 6.1.1 c, e, f, g) under which a PKITS block has its
 * expected verdict. Most blocks use {@link #DEFAULTS}: any-policy and all three flags false.
 *
 * @param initialPolicies the user-initial-policy-set as dotted OIDs, in the order the suite
 * gives them; {@code {2.5.29.32.0}} (any-policy) by default
 * @param requireExplicitPolicy initial-explicit-policy
 * @param inhibitPolicyMapping initial-policy-mapping-inhibit
 * @param inhibitAnyPolicy initial-any-policy-inhibit
 */
public record PkitsSettings(Set<String> initialPolicies, boolean requireExplicitPolicy, boolean inhibitPolicyMapping,
		boolean inhibitAnyPolicy) {

	/** The OID of anyPolicy (RFC 5280, 4.2.1.4). */
	public static final String ANY_POLICY = "2.5.29.32.0";

	/** The arc under which PKITS numbers its test policies: {@code NIST-test-policy-N} is {@code ARC.N}. */
	public static final String NIST_TEST_POLICY_ARC = "2.16.840.1.101.3.2.1.48";

	/** RFC 5280's defaults: any-policy, no explicit policy, mapping and any-policy allowed. */
	public static final PkitsSettings DEFAULTS = new PkitsSettings(Set.of(ANY_POLICY), false, false, false);

	public PkitsSettings {
		if (initialPolicies.isEmpty()) {
			throw new IllegalArgumentException("The initial policy set is never empty; any-policy is " + ANY_POLICY);
		}
		initialPolicies = Collections.unmodifiableSet(new LinkedHashSet<>(initialPolicies));
	}

	/** Whether these are RFC 5280's defaults, so a validator needs no policy configuration at all. */
	public boolean isDefault() {
		return equals(DEFAULTS);
	}

	/**
	 * The OID of a policy as the suite names it: {@code NIST-test-policy-N} or {@code anyPolicy}.
	 * @param name the policy name used in PKITS.pdf and {@code tests.json}
	 * @return the dotted OID
	 * @throws IllegalArgumentException for any other name
	 */
	public static String oid(String name) {
		if (name.equals("anyPolicy")) {
			return ANY_POLICY;
		}
		String prefix = "NIST-test-policy-";
		if (name.startsWith(prefix) && name.length() > prefix.length()
				&& name.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
			return NIST_TEST_POLICY_ARC + "." + Integer.parseInt(name.substring(prefix.length()));
		}
		throw new IllegalArgumentException("Not a PKITS policy name: " + name);
	}

}
