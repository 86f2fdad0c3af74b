package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.mtls.path.ProfileMode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where client trust anchors come from ({@code mtls.trust.*}).
 */
@ConfigurationProperties("mtls.trust")
public class TrustProperties {

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust store holds the CAs that issue client
	 * certificates. Defaults to the server's own SSL configuration (server.ssl.bundle or
	 * server.ssl.trust-*).
	 */
	private @Nullable String bundle;

	/**
	 * SHA-256 fingerprints (hex, colons and case ignored) of the only trust anchors allowed to
	 * issue client certificates. When set, startup fails if the client trust store holds any other
	 * anchor, and every request's chain must end in one of these anchors (a CA slipped into the
	 * trust store later authenticates nobody). Empty: no pinning.
	 */
	private List<String> anchorsSha256 = new ArrayList<>();

	/**
	 * Whether a publicly trusted root CA (one of the JDK's cacerts) may be a client trust anchor.
	 * Anyone can buy a certificate from a public CA, so this is refused at startup by default.
	 */
	private boolean allowPublicCa;

	/**
	 * The most certificates a client's certification path may hold, leaf included and trust anchor
	 * excluded. Longer paths are not built.
	 */
	private int maxChainLength = 8;

	/**
	 * The most candidate paths validated for one client certificate when the certificates
	 * presented with it allow several (cross-certificates, re-keyed CAs). Bounds the work a crafted
	 * chain can cause.
	 */
	private int maxCandidatePaths = 16;

	/**
	 * Which certificate-profile rules (RFC 5280 section 4) every certificate of a client's path and
	 * every trust anchor must follow: 'strict' (all of them) or 'compatible' (all but the rules
	 * without security weight, such as a missing key identifier or a v1 root, for legacy private PKIs).
	 */
	private ProfileMode profile = ProfileMode.STRICT;

	/** Certificate-policy inputs of path validation (RFC 5280 6.1.1). */
	/**
	 * Whether a pinned client's missing issuer is fetched from its certificate's Authority
	 * Information Access caIssuers URL (plain HTTP, at most 64 KB within 5 s, cached by URL); what
	 * is fetched is never an anchor, the path must still end in one.
	 */
	private boolean fetchIssuers;

	private final Policies policies = new Policies();

	/** CA certificates that paths may go through, never trust anchors. */
	private final Intermediates intermediates = new Intermediates();

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public List<String> getAnchorsSha256() {
		return this.anchorsSha256;
	}

	public void setAnchorsSha256(List<String> anchorsSha256) {
		this.anchorsSha256 = anchorsSha256;
	}

	public boolean isAllowPublicCa() {
		return this.allowPublicCa;
	}

	public void setAllowPublicCa(boolean allowPublicCa) {
		this.allowPublicCa = allowPublicCa;
	}

	public int getMaxChainLength() {
		return this.maxChainLength;
	}

	public void setMaxChainLength(int maxChainLength) {
		this.maxChainLength = maxChainLength;
	}

	public int getMaxCandidatePaths() {
		return this.maxCandidatePaths;
	}

	public void setMaxCandidatePaths(int maxCandidatePaths) {
		this.maxCandidatePaths = maxCandidatePaths;
	}

	public ProfileMode getProfile() {
		return this.profile;
	}

	public void setProfile(ProfileMode profile) {
		this.profile = profile;
	}

	public boolean isFetchIssuers() {
		return this.fetchIssuers;
	}

	public void setFetchIssuers(boolean fetchIssuers) {
		this.fetchIssuers = fetchIssuers;
	}

	public Policies getPolicies() {
		return this.policies;
	}

	public Intermediates getIntermediates() {
		return this.intermediates;
	}

	/**
	 * Intermediate CA certificates the application holds for clients that do not send them
	 * ({@code mtls.trust.intermediates.*}): path building may use them as issuers, never as trust
	 * anchors, so every path still ends in an anchor of the client trust with its constraints and
	 * pinning.
	 */
	public static class Intermediates {

		/**
		 * PEM files (resource locations such as classpath:ca/issuing.pem or file:/etc/mtls/issuing.pem)
		 * of intermediate CA certificates, read once at startup. Each must be a CA certificate that is
		 * not self-signed.
		 */
		private List<String> locations = new ArrayList<>();

		/**
		 * Name of an SSL bundle (spring.ssl.bundle.*) whose trust store holds intermediate CA
		 * certificates. Read again when the bundle reloads (reload-on-update).
		 */
		private @Nullable String bundle;

		public List<String> getLocations() {
			return this.locations;
		}

		public void setLocations(List<String> locations) {
			this.locations = locations;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/** Certificate-policy inputs of path validation ({@code mtls.trust.policies.*}). */
	public static class Policies {

		/**
		 * The user-initial-policy-set: certificate policy OIDs (dotted) a client's path must be valid
		 * for, at least one of them. 2.5.29.32.0 (anyPolicy) accepts any.
		 */
		private List<String> initial = new ArrayList<>(List.of("2.5.29.32.0"));

		/**
		 * Whether every path must be valid for at least one policy of the initial set
		 * (initial-explicit-policy), even when no CA certificate requires it.
		 */
		private boolean requireExplicit;

		/** Whether policy mappings in CA certificates are refused (initial-policy-mapping-inhibit). */
		private boolean inhibitMapping;

		/** Whether anyPolicy in CA certificates stops counting as every policy (initial-any-policy-inhibit). */
		private boolean inhibitAny;

		public List<String> getInitial() {
			return this.initial;
		}

		public void setInitial(List<String> initial) {
			this.initial = initial;
		}

		public boolean isRequireExplicit() {
			return this.requireExplicit;
		}

		public void setRequireExplicit(boolean requireExplicit) {
			this.requireExplicit = requireExplicit;
		}

		public boolean isInhibitMapping() {
			return this.inhibitMapping;
		}

		public void setInhibitMapping(boolean inhibitMapping) {
			this.inhibitMapping = inhibitMapping;
		}

		public boolean isInhibitAny() {
			return this.inhibitAny;
		}

		public void setInhibitAny(boolean inhibitAny) {
			this.inhibitAny = inhibitAny;
		}

	}

}
