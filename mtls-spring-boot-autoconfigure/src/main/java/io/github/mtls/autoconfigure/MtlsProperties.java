package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.mtls.identity.PinnedIdentities;
import io.github.mtls.identity.SelectorKind;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.convert.Delimiter;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Pinned-identity mTLS client authentication ({@code mtls.*}).
 */
@ConfigurationProperties("mtls")
public class MtlsProperties {

	/** Whether the starter secures the application with pinned-identity mTLS. */
	private boolean enabled = true;

	/**
	 * YAML file of the pinned identities, in the shape of mtls.identities (identity names at the top
	 * level), used instead of mtls.identities. Watched: a valid change is adopted without a restart,
	 * after spring.ssl.bundle.watch.file.quiet-period; an invalid one is rejected whole.
	 */
	private @Nullable Resource identitiesFile;

	/**
	 * Heap each certificate cache (facts, path verdicts, decoded proxy headers, anchor-pinning
	 * verdicts) may hold for pinned clients' certificates, estimated from their size.
	 */
	private DataSize certificateCacheMemory = DataSize.ofMegabytes(16);

	/**
	 * Heap each certificate cache may hold for certificates that no accepted request has shown to be a
	 * pinned client's (strangers, refused certificates); they never displace pinned clients' entries.
	 */
	private DataSize unpinnedCertificateCacheMemory = DataSize.ofMegabytes(4);

	/**
	 * Largest DER encoding of a presented or forwarded certificate; a larger one is refused as
	 * certificate_too_large before its facts are derived or anything is cached.
	 */
	private DataSize maxCertificateSize = DataSize.ofKilobytes(8);

	/**
	 * Replaced by mtls.certificate-cache-memory: a bound by entries let large certificates exhaust
	 * the heap. Setting it fails startup.
	 */
	private @Nullable Long certificateCacheSize;

	/**
	 * Whether the application may start with no identity pinned. Without identities every request
	 * is refused, which is almost always a mistake, so startup fails unless this is set.
	 */
	private boolean allowEmpty;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Resource getIdentitiesFile() {
		return this.identitiesFile;
	}

	public void setIdentitiesFile(@Nullable Resource identitiesFile) {
		this.identitiesFile = identitiesFile;
	}

	public DataSize getCertificateCacheMemory() {
		return this.certificateCacheMemory;
	}

	public void setCertificateCacheMemory(DataSize certificateCacheMemory) {
		this.certificateCacheMemory = certificateCacheMemory;
	}

	public DataSize getUnpinnedCertificateCacheMemory() {
		return this.unpinnedCertificateCacheMemory;
	}

	public void setUnpinnedCertificateCacheMemory(DataSize unpinnedCertificateCacheMemory) {
		this.unpinnedCertificateCacheMemory = unpinnedCertificateCacheMemory;
	}

	public DataSize getMaxCertificateSize() {
		return this.maxCertificateSize;
	}

	public void setMaxCertificateSize(DataSize maxCertificateSize) {
		this.maxCertificateSize = maxCertificateSize;
	}

	@DeprecatedConfigurationProperty(replacement = "mtls.certificate-cache-memory",
			reason = "A bound by entries let large certificates exhaust the heap; caches are bounded by bytes.")
	public @Nullable Long getCertificateCacheSize() {
		return this.certificateCacheSize;
	}

	public void setCertificateCacheSize(@Nullable Long certificateCacheSize) {
		this.certificateCacheSize = certificateCacheSize;
	}

	public boolean isAllowEmpty() {
		return this.allowEmpty;
	}

	public void setAllowEmpty(boolean allowEmpty) {
		this.allowEmpty = allowEmpty;
	}

	/**
	 * How to recognise one identity's certificate. Every selector takes one value or a list (any
	 * listed value matches, e.g. two fingerprints during a rotation); every selector set must
	 * match. Lists are never split at commas, so a DN may contain them.
	 * <p>
	 * {@code mtls.identities} (identity name to {@code Identity}) is not a property of this class:
	 * Boot's generic binding of a large map of JavaBeans dominated the start-up, so
	 * {@link IdentitiesBinding} binds it in one pass; its metadata is in
	 * {@code additional-spring-configuration-metadata.json}.
	 */
	public static class Identity {

		/** Subject DN (RFC 4514), compared canonically: spacing, case and keyword spelling do not matter. */
		@Delimiter(Delimiter.NONE)
		private List<String> subjectDn = new ArrayList<>();

		/** Issuer DN (RFC 4514) the certificate must be issued by. Restricts other selectors; never an identity on its own. */
		@Delimiter(Delimiter.NONE)
		private List<String> issuerDn = new ArrayList<>();

		/** DNS subject alternative name. */
		@Delimiter(Delimiter.NONE)
		private List<String> sanDns = new ArrayList<>();

		/** URI subject alternative name, for example a SPIFFE ID (spiffe://trust-domain/path). */
		@Delimiter(Delimiter.NONE)
		private List<String> sanUri = new ArrayList<>();

		/** SPIFFE ID (spiffe://trust-domain/path) of the certificate's URI SAN, exact; checked by the SPIFFE-ID rules at startup. */
		@Delimiter(Delimiter.NONE)
		private List<String> spiffeId = new ArrayList<>();

		/** SPIFFE trust domain (acme.example or spiffe://acme.example) whose every workload is this identity. */
		@Delimiter(Delimiter.NONE)
		private List<String> spiffeTrustDomain = new ArrayList<>();

		/** Email (rfc822Name) subject alternative name. */
		@Delimiter(Delimiter.NONE)
		private List<String> sanEmail = new ArrayList<>();

		/** IP address subject alternative name (IPv4 or IPv6). */
		@Delimiter(Delimiter.NONE)
		private List<String> sanIp = new ArrayList<>();

		/** SHA-256 fingerprint of the certificate, hex; colons and case are ignored. */
		@Delimiter(Delimiter.NONE)
		private List<String> fingerprintSha256 = new ArrayList<>();

		/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo; survives renewal with the same key. */
		@Delimiter(Delimiter.NONE)
		private List<String> spkiSha256 = new ArrayList<>();

		/** Certificate serial number, hex; only together with issuer-dn. */
		@Delimiter(Delimiter.NONE)
		private List<String> serial = new ArrayList<>();

		/** Authorities granted to the identity, for authorizeHttpRequests and @PreAuthorize. */
		private List<String> authorities = new ArrayList<>();

		/** Access-token subjects (mtls.second-factor.token-subject-claim) this identity accepts as its second factor. */
		@Delimiter(Delimiter.NONE)
		private List<String> tokenSubject = new ArrayList<>();

		/** SHA-256 (hex, as printed by sha256sum) of a generated high-entropy client secret; two values during rotation. */
		@Delimiter(Delimiter.NONE)
		private List<String> secretSha256 = new ArrayList<>();

		/** Hash of a human-chosen client secret, {bcrypt} or {argon2} as Spring Security's DelegatingPasswordEncoder writes it. */
		@Delimiter(Delimiter.NONE)
		private List<String> secret = new ArrayList<>();

		public List<String> getSubjectDn() {
			return this.subjectDn;
		}

		public void setSubjectDn(List<String> subjectDn) {
			this.subjectDn = subjectDn;
		}

		public List<String> getIssuerDn() {
			return this.issuerDn;
		}

		public void setIssuerDn(List<String> issuerDn) {
			this.issuerDn = issuerDn;
		}

		public List<String> getSanDns() {
			return this.sanDns;
		}

		public void setSanDns(List<String> sanDns) {
			this.sanDns = sanDns;
		}

		public List<String> getSanUri() {
			return this.sanUri;
		}

		public void setSanUri(List<String> sanUri) {
			this.sanUri = sanUri;
		}

		public List<String> getSpiffeId() {
			return this.spiffeId;
		}

		public void setSpiffeId(List<String> spiffeId) {
			this.spiffeId = spiffeId;
		}

		public List<String> getSpiffeTrustDomain() {
			return this.spiffeTrustDomain;
		}

		public void setSpiffeTrustDomain(List<String> spiffeTrustDomain) {
			this.spiffeTrustDomain = spiffeTrustDomain;
		}

		public List<String> getSanEmail() {
			return this.sanEmail;
		}

		public void setSanEmail(List<String> sanEmail) {
			this.sanEmail = sanEmail;
		}

		public List<String> getSanIp() {
			return this.sanIp;
		}

		public void setSanIp(List<String> sanIp) {
			this.sanIp = sanIp;
		}

		public List<String> getFingerprintSha256() {
			return this.fingerprintSha256;
		}

		public void setFingerprintSha256(List<String> fingerprintSha256) {
			this.fingerprintSha256 = fingerprintSha256;
		}

		public List<String> getSpkiSha256() {
			return this.spkiSha256;
		}

		public void setSpkiSha256(List<String> spkiSha256) {
			this.spkiSha256 = spkiSha256;
		}

		public List<String> getSerial() {
			return this.serial;
		}

		public void setSerial(List<String> serial) {
			this.serial = serial;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

		public List<String> getTokenSubject() {
			return this.tokenSubject;
		}

		public void setTokenSubject(List<String> tokenSubject) {
			this.tokenSubject = tokenSubject;
		}

		public List<String> getSecretSha256() {
			return this.secretSha256;
		}

		public void setSecretSha256(List<String> secretSha256) {
			this.secretSha256 = secretSha256;
		}

		public List<String> getSecret() {
			return this.secret;
		}

		public void setSecret(List<String> secret) {
			this.secret = secret;
		}

		/** What the identity compiler reads: the values as configured, before validation. */
		PinnedIdentities.Definition definition() {
			Map<SelectorKind, List<String>> selectors = new EnumMap<>(SelectorKind.class);
			for (SelectorKind kind : SelectorKind.values()) {
				selectors.put(kind, List.copyOf(values(kind)));
			}
			return new PinnedIdentities.Definition(selectors, List.copyOf(this.authorities),
					List.copyOf(this.tokenSubject), List.copyOf(this.secretSha256), List.copyOf(this.secret));
		}

		/** The configured values of one selector kind. */
		List<String> values(SelectorKind kind) {
			return switch (kind) {
				case SUBJECT_DN -> this.subjectDn;
				case ISSUER_DN -> this.issuerDn;
				case SAN_DNS -> this.sanDns;
				case SAN_URI -> this.sanUri;
				case SPIFFE_ID -> this.spiffeId;
				case SPIFFE_TRUST_DOMAIN -> this.spiffeTrustDomain;
				case SAN_EMAIL -> this.sanEmail;
				case SAN_IP -> this.sanIp;
				case FINGERPRINT_SHA256 -> this.fingerprintSha256;
				case SPKI_SHA256 -> this.spkiSha256;
				case SERIAL -> this.serial;
			};
		}

	}

}
