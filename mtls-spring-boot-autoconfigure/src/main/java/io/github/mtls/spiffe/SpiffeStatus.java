package io.github.mtls.spiffe;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * SPIFFE as the {@code mtls} endpoint and health show it: public material only.
 *
 * @param svid the workload's current SVID
 * @param bundles the CAs of every trust domain's bundle
 * @param lastUpdate when the last update arrived
 * @param workloadApi the watch on the Workload API
 * @param atRisk whether the SVID has expired or expires within {@code mtls.spiffe.expiry-threshold}
 * while the Workload API is unreachable: no rotation can come in time
 */
public record SpiffeStatus(SvidView svid, Map<String, List<AuthorityView>> bundles, @Nullable Instant lastUpdate,
		WatchStatus workloadApi, boolean atRisk) {

	/**
	 * The workload's SVID.
	 *
	 * @param id the SPIFFE ID
	 * @param serial the serial number, hex
	 * @param notAfter when it expires
	 */
	public record SvidView(String id, String serial, Instant notAfter) {
	}

	/**
	 * One CA of a bundle.
	 *
	 * @param subject the subject DN
	 * @param notAfter when it expires
	 */
	public record AuthorityView(String subject, Instant notAfter) {

		static AuthorityView of(X509Certificate certificate) {
			return new AuthorityView(certificate.getSubjectX500Principal().getName(),
					certificate.getNotAfter().toInstant());
		}

	}

}
