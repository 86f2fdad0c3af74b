package io.github.mtls.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.revocation.FailurePolicy;
import io.github.mtls.revocation.RevocationMode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Revocation checking of client certificates ({@code mtls.revocation.*}).
 */
@ConfigurationProperties("mtls.revocation")
public class RevocationProperties {

	/**
	 * Whether the revocation status of client certificates is checked on every request.
	 */
	private boolean enabled = true;

	/**
	 * Which sources are consulted, in order: ocsp-then-crl, crl-then-ocsp, ocsp or crl.
	 */
	private RevocationMode mode = RevocationMode.OCSP_THEN_CRL;

	/**
	 * Whether the CA certificates of the chain (not the trust anchors) are checked as well as the
	 * client certificate.
	 */
	private boolean checkIntermediates = true;

	/**
	 * What happens when no fresh status can be had: fail-closed refuses with revocation_unknown,
	 * fail-open lets the request through, logs and counts it.
	 */
	private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;

	/**
	 * How long past its expiry the last verified status keeps being used while every source is
	 * failing. 0 uses none.
	 */
	private Duration staleIfError = Duration.ZERO;

	/**
	 * Whether a certificate with no revocation source at all (no AIA OCSP URL, no CRL distribution
	 * point, nothing configured) is refused instead of let through unchecked.
	 */
	private boolean requireSource = false;

	private final Ocsp ocsp = new Ocsp();

	private final Crl crl = new Crl();

	private final Cache cache = new Cache();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public RevocationMode getMode() {
		return this.mode;
	}

	public void setMode(RevocationMode mode) {
		this.mode = mode;
	}

	public boolean isCheckIntermediates() {
		return this.checkIntermediates;
	}

	public void setCheckIntermediates(boolean checkIntermediates) {
		this.checkIntermediates = checkIntermediates;
	}

	public FailurePolicy getFailurePolicy() {
		return this.failurePolicy;
	}

	public void setFailurePolicy(FailurePolicy failurePolicy) {
		this.failurePolicy = failurePolicy;
	}

	public Duration getStaleIfError() {
		return this.staleIfError;
	}

	public void setStaleIfError(Duration staleIfError) {
		this.staleIfError = staleIfError;
	}

	public boolean isRequireSource() {
		return this.requireSource;
	}

	public void setRequireSource(boolean requireSource) {
		this.requireSource = requireSource;
	}

	public Ocsp getOcsp() {
		return this.ocsp;
	}

	public Crl getCrl() {
		return this.crl;
	}

	public Cache getCache() {
		return this.cache;
	}

	/** OCSP ({@code mtls.revocation.ocsp.*}). */
	public static class Ocsp {

		/**
		 * OCSP responder asked instead of the URL in each certificate's Authority Information Access.
		 */
		private @Nullable String responderUrl;

		/**
		 * Certificate (PEM content or resource location) of a responder trusted to sign OCSP responses,
		 * besides the issuer and the responders it delegated with the OCSPSigning extended key usage.
		 */
		private @Nullable String responderCertificate;

		/**
		 * Whether each OCSP request carries a nonce that the response must echo (refused otherwise).
		 * Defeats replayed responses; many CA responders serve pre-produced responses without nonces.
		 */
		private boolean nonce = false;

		/**
		 * The longest an OCSP exchange may take.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public @Nullable String getResponderUrl() {
			return this.responderUrl;
		}

		public void setResponderUrl(@Nullable String responderUrl) {
			this.responderUrl = responderUrl;
		}

		public @Nullable String getResponderCertificate() {
			return this.responderCertificate;
		}

		public void setResponderCertificate(@Nullable String responderCertificate) {
			this.responderCertificate = responderCertificate;
		}

		public boolean isNonce() {
			return this.nonce;
		}

		public void setNonce(boolean nonce) {
			this.nonce = nonce;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** CRLs ({@code mtls.revocation.crl.*}). */
	public static class Crl {

		/**
		 * CRL URLs fetched in addition to each certificate's CRL distribution points.
		 */
		private List<String> urls = new ArrayList<>();

		/**
		 * Local CRL files (DER or PEM), re-read when they change.
		 */
		private List<Path> files = new ArrayList<>();

		/**
		 * The longest a CRL download may take.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * The largest CRL accepted; a larger one is refused before it is parsed.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(50);

		public List<String> getUrls() {
			return this.urls;
		}

		public void setUrls(List<String> urls) {
			this.urls = urls;
		}

		public List<Path> getFiles() {
			return this.files;
		}

		public void setFiles(List<Path> files) {
			this.files = files;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/** The status cache ({@code mtls.revocation.cache.*}). */
	public static class Cache {

		/**
		 * The longest a status is reused without asking its source again, even when the source's
		 * nextUpdate is later: the longest a revocation can take to apply.
		 */
		private Duration maxTtl = Duration.ofMinutes(5);

		/**
		 * The most certificate statuses kept.
		 */
		private long maxSize = 10_000;

		public Duration getMaxTtl() {
			return this.maxTtl;
		}

		public void setMaxTtl(Duration maxTtl) {
			this.maxTtl = maxTtl;
		}

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

	}

}
