package io.github.mtls.revocation;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Revocation checking as configured by {@code mtls.revocation.*}, validated and compiled once at
 * startup.
 *
 * @param mode the order of sources
 * @param checkIntermediates whether CA certificates of the chain are checked too
 * @param ocspResponderUrl a responder used instead of each certificate's AIA OCSP URL
 * @param ocspResponderCertificate a responder certificate trusted to sign OCSP responses, besides
 * the issuer and its delegated responders
 * @param ocspNonce whether requests carry a nonce that the response must echo
 * @param ocspTimeout the longest an OCSP exchange may take
 * @param crlUrls CRLs fetched in addition to each certificate's distribution points
 * @param crlFiles local CRL files, re-read when they change
 * @param crlTimeout the longest a CRL download may take
 * @param crlMaxSize the largest CRL accepted, in bytes
 * @param cacheMaxTtl the longest a status is reused without asking again
 * @param cacheMaxSize the most statuses kept
 * @param failurePolicy what happens when no status can be had
 * @param staleIfError how long past its expiry a verified status keeps being used while every
 * source fails
 * @param requireSource whether a certificate without any revocation source is refused
 */
public record RevocationSettings(RevocationMode mode, boolean checkIntermediates, @Nullable URI ocspResponderUrl,
		@Nullable X509Certificate ocspResponderCertificate, boolean ocspNonce, Duration ocspTimeout, List<URI> crlUrls,
		List<Path> crlFiles, Duration crlTimeout, long crlMaxSize, Duration cacheMaxTtl, long cacheMaxSize,
		FailurePolicy failurePolicy, Duration staleIfError, boolean requireSource) {

	public RevocationSettings {
		crlUrls = List.copyOf(crlUrls);
		crlFiles = List.copyOf(crlFiles);
	}

	/** The defaults of {@code mtls.revocation.*}. */
	public static RevocationSettings defaults() {
		return new RevocationSettings(RevocationMode.OCSP_THEN_CRL, true, null, null, false, Duration.ofSeconds(5),
				List.of(), List.of(), Duration.ofSeconds(10), 50L * 1024 * 1024, Duration.ofMinutes(5), 10_000,
				FailurePolicy.FAIL_CLOSED, Duration.ZERO, false);
	}

}
