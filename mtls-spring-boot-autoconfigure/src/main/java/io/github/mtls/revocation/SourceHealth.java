package io.github.mtls.revocation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How one revocation source (a responder URL, a CRL URL or file) has been doing: written by the
 * background fetches, read by Actuator.
 */
final class SourceHealth {

	private final RevocationMode.SourceKind kind;

	private final String location;

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant nextUpdate;

	SourceHealth(RevocationMode.SourceKind kind, String location) {
		this.kind = kind;
		this.location = location;
	}

	void succeeded(Instant when, @Nullable Instant nextUpdate) {
		this.lastSuccess = when;
		if (nextUpdate != null) {
			this.nextUpdate = nextUpdate;
		}
	}

	void failed(Instant when, String error) {
		this.lastFailure = when;
		this.lastError = error;
	}

	/** Whether the last attempt failed. */
	boolean failing() {
		Instant failure = this.lastFailure;
		Instant success = this.lastSuccess;
		return failure != null && (success == null || failure.isAfter(success));
	}

	RevocationSnapshot.Source snapshot() {
		return new RevocationSnapshot.Source(this.kind.value(), this.location, this.lastSuccess, this.lastFailure,
				this.lastError, (this.kind == RevocationMode.SourceKind.CRL) ? this.nextUpdate : null);
	}

}
