package io.github.mtls.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.mtls.identity.Names;
import io.github.mtls.path.PathSettings;

/**
 * Compiles and validates {@code mtls.trust.policies.*}, {@code mtls.trust.max-chain-length} and
 * {@code mtls.trust.max-candidate-paths} and {@code mtls.trust.profile} into {@link PathSettings}.
 */
final class PathSettingsBinding {

	private PathSettingsBinding() {
	}

	static PathSettings settings(TrustProperties properties) {
		TrustProperties.Policies policies = properties.getPolicies();
		List<String> initial = policies.getInitial();
		if (initial == null || initial.isEmpty()) {
			throw new InvalidMtlsPropertyException("mtls.trust.policies.initial", "[]", "must name at least one policy",
					"Remove the property to accept any policy (2.5.29.32.0), or list the policy OIDs clients must have.");
		}
		Set<String> oids = new LinkedHashSet<>();
		for (int i = 0; i < initial.size(); i++) {
			String oid = (initial.get(i) != null) ? initial.get(i).trim() : "";
			try {
				oids.add(Names.objectIdentifier(oid));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidMtlsPropertyException("mtls.trust.policies.initial[" + i + "]",
						String.valueOf(initial.get(i)), "is not a dotted object identifier: " + ex.getMessage(),
						"Write the policy OID in dotted form, e.g. 2.16.840.1.101.3.2.1.48.1.");
			}
		}
		if (properties.getMaxChainLength() < 1 || properties.getMaxChainLength() > 32) {
			throw new InvalidMtlsPropertyException("mtls.trust.max-chain-length",
					String.valueOf(properties.getMaxChainLength()), "must be between 1 and 32",
					"Set it to the longest client path you expect, leaf included (default 8).");
		}
		if (properties.getMaxCandidatePaths() < 1 || properties.getMaxCandidatePaths() > 1024) {
			throw new InvalidMtlsPropertyException("mtls.trust.max-candidate-paths",
					String.valueOf(properties.getMaxCandidatePaths()), "must be between 1 and 1024",
					"Leave the default (16) unless clients send many cross-certificates.");
		}
		return new PathSettings(oids, policies.isRequireExplicit(), policies.isInhibitMapping(),
				policies.isInhibitAny(), properties.getMaxChainLength(), properties.getMaxCandidatePaths(),
				properties.getProfile());
	}

}
