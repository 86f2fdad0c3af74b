package io.github.mtls.core;

import java.security.cert.X509Certificate;
import java.time.Instant;

import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.path.PathVerdict;
import org.jspecify.annotations.Nullable;

/**
 * Receives each step of a decision, for diagnostics ({@link Explanation}). Requests run with
 * {@link #NONE}, which records nothing. A diagnostic trace also asks every step to leave state alone:
 * no cache is written, no counter moves, no decision is logged or published.
 */
public interface Trace {

	/** Records nothing: the trace of every request. */
	Trace NONE = new Trace() {
	};

	/** Whether this is a diagnostic run, which must not change any state. */
	default boolean diagnostic() {
		return false;
	}

	/** The path built and its verdict. */
	default void path(PathVerdict verdict) {
	}

	/** The leaf policy's verdict: {@code null} when the leaf may authenticate a client. */
	default void leafPolicy(@Nullable Refusal refusal) {
	}

	/** The identity lookup. */
	default void identity(IdentityIndex.Match match) {
	}

	/** The revocation status of one certificate of the path. */
	default void revocation(Revocation revocation) {
	}

	/**
	 * The revocation status of one certificate.
	 *
	 * @param certificate the certificate
	 * @param status {@code good}, {@code revoked}, {@code unknown} or {@code unchecked}
	 * @param source {@code ocsp}, {@code crl} or {@code delta-crl}, or {@code none}
	 * @param cached whether the status came from the revocation cache (else it was fetched for this
	 * diagnostic, and not kept)
	 * @param location the responder or CRL locations that answered
	 * @param producedAt when the status was obtained
	 * @param freshUntil until when it may be used
	 * @param detail the revocation time and reason, or why the status is unknown
	 */
	record Revocation(X509Certificate certificate, String status, String source, boolean cached,
			@Nullable String location, @Nullable Instant producedAt, @Nullable Instant freshUntil,
			@Nullable String detail) {
	}

}
