package io.github.mtls.actuate;

import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.policy.CertificateRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.github.mtls.policy.CertificateStatus;
import io.github.mtls.revocation.RevocationSnapshot;
import io.github.mtls.spiffe.SpiffeStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of everything mutual TLS depends on, as contributor {@code mtls}.
 *
 * <ul>
 * <li>{@code DOWN} when a certificate the server presents is expired or not yet valid, when every
 * CA certificate client certificates are accepted from is, or when revocation checking is failing
 * under {@code fail-closed} (every pinned client is then refused), or when the SPIFFE SVID has expired or
 * expires within {@code mtls.spiffe.expiry-threshold} while the Workload API is unreachable.</li>
 * <li>Otherwise the configured status ({@code mtls.expiry.health-status}, {@code UP} by default)
 * when something is within {@code mtls.expiry.warning-threshold}, a pinned client's last-seen
 * certificate has expired, or some (not all) CA certificates have; {@code UP} when nothing is.</li>
 * </ul>
 * A self-issued certificate at the end of a server chain is listed but never makes the service
 * {@code DOWN}: peers validate against their own copy of a root, not the one sent.
 */
public final class MtlsHealthIndicator extends AbstractHealthIndicator {

	private final CertificateInventory inventory;

	private final CertificateExpiry expiry;

	private final Status expiringStatus;

	private final Supplier<@Nullable RevocationSnapshot> revocation;

	private final @Nullable CurrentConfiguration configuration;

	private final Supplier<@Nullable SpiffeStatus> spiffe;

	/**
	 * @param inventory the monitored certificates
	 * @param expiry the clock and warning threshold
	 * @param expiringStatus the status while something is expiring
	 * @param revocation the revocation checker's state, {@code null} when there is no checker
	 */
	public MtlsHealthIndicator(CertificateInventory inventory, CertificateExpiry expiry, Status expiringStatus,
			Supplier<@Nullable RevocationSnapshot> revocation) {
		this(inventory, expiry, expiringStatus, revocation, null, () -> null);
	}

	/**
	 * @param inventory the monitored certificates
	 * @param expiry the clock and warning threshold
	 * @param expiringStatus the status while something is expiring
	 * @param revocation the revocation checker's state, {@code null} when there is no checker
	 * @param configuration the configuration in force: DOWN while a rejected reload is not followed by
	 * a good one (the last good configuration serves, but not what the operator deployed)
	 * @param spiffe the SPIFFE state, {@code null} without SPIFFE
	 */
	public MtlsHealthIndicator(CertificateInventory inventory, CertificateExpiry expiry, Status expiringStatus,
			Supplier<@Nullable RevocationSnapshot> revocation, @Nullable CurrentConfiguration configuration,
			Supplier<@Nullable SpiffeStatus> spiffe) {
		super("mTLS health check failed");
		this.configuration = configuration;
		this.inventory = inventory;
		this.expiry = expiry;
		this.expiringStatus = expiringStatus;
		this.revocation = revocation;
		this.spiffe = spiffe;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<Item> unusable = new ArrayList<>();
		List<Item> expiring = new ArrayList<>();
		boolean down = false;
		int usableTrust = 0;
		for (MonitoredCertificate certificate : this.inventory.all()) {
			CertificateView view = this.expiry.view(certificate.facts());
			Item item = new Item(certificate.role().tag(), certificate.name(), view.subject(), view.serial(),
					view.sha256(), view.notAfter(), view.remainingSeconds(), view.status());
			if (view.status().unusable()) {
				unusable.add(item);
				down |= certificate.role() == CertificateRole.SERVER && !certificate.facts().selfIssued();
			}
			else if (view.status() == CertificateStatus.EXPIRING_SOON) {
				expiring.add(item);
			}
			boolean trust = certificate.role() == CertificateRole.TRUST_ANCHOR
					|| certificate.role() == CertificateRole.INTERMEDIATE;
			if (trust && !view.status().unusable()) {
				usableTrust++;
			}
		}
		if (!this.inventory.trust().isEmpty() && usableTrust == 0) {
			down = true;
			builder.withDetail("trust", "every CA certificate of " + this.inventory.trustSource()
					+ " is expired or not yet valid");
		}
		RevocationSnapshot revocation = this.revocation.get();
		if (revocation != null) {
			boolean failingClosed = revocation.enabled() && revocation.failing()
					&& "fail-closed".equals(revocation.failurePolicy());
			down |= failingClosed;
			builder.withDetail("revocation", new Revocation(revocation.enabled(), revocation.mode(),
					revocation.failurePolicy(), revocation.failing()));
		}
		if (this.configuration != null) {
			List<CurrentConfiguration.Rejection> rejected = this.configuration.unresolved();
			down |= !rejected.isEmpty();
			builder.withDetail("generation", this.configuration.get().generation());
			if (!rejected.isEmpty()) {
				builder.withDetail("rejectedReloads", rejected.stream()
					.map((rejection) -> new Rejected(rejection.part().tag(), rejection.source(), rejection.property(),
							rejection.problem(), rejection.at()))
					.toList());
			}
		}
		SpiffeStatus spiffe = this.spiffe.get();
		if (spiffe != null) {
			// The SVID rotates long before it expires; only an unreachable Workload API lets it run out.
			down |= spiffe.atRisk();
			builder.withDetail("spiffe", new Spiffe(spiffe.svid().id(), spiffe.svid().notAfter(),
					spiffe.workloadApi().connected(), spiffe.workloadApi().lastError(), spiffe.atRisk()));
		}
		if (down) {
			builder.down();
		}
		else if (!expiring.isEmpty() || !unusable.isEmpty()) {
			builder.status(this.expiringStatus);
		}
		else {
			builder.up();
		}
		builder.withDetail("warningThreshold", this.expiry.warningThreshold().toString());
		builder.withDetail("expiring", expiring);
		builder.withDetail("invalid", unusable);
	}

	/**
	 * One certificate in the health details.
	 *
	 * @param role server, trust-anchor, intermediate or client
	 * @param name bundle name, CA common name or identity name
	 * @param subject subject DN
	 * @param serial serial number, hex
	 * @param sha256 SHA-256 fingerprint, hex
	 * @param notAfter end of validity
	 * @param remainingSeconds seconds until notAfter, negative once expired
	 * @param status where the certificate stands
	 */
	public record Item(String role, String name, String subject, String serial, String sha256, Instant notAfter,
			long remainingSeconds, CertificateStatus status) {

	}

	/**
	 * Revocation checking in the health details.
	 *
	 * @param enabled whether checking is on
	 * @param mode the order of sources
	 * @param failurePolicy what happens when no status can be obtained
	 * @param failing whether every source in use is failing
	 */
	public record Revocation(boolean enabled, String mode, String failurePolicy, boolean failing) {

	}

	/**
	 * A reload not adopted, in the health details.
	 *
	 * @param part trust, intermediates or identities
	 * @param source where the change came from
	 * @param property the property that refused it
	 * @param problem what is wrong
	 * @param at when
	 */
	public record Rejected(String part, String source, String property, String problem, Instant at) {

	}

	/**
	 * SPIFFE in the health details.
	 *
	 * @param id the workload's SPIFFE ID
	 * @param notAfter when its SVID expires
	 * @param workloadApiConnected whether the Workload API stream is open
	 * @param lastError the Workload API's last error, if any since the last update
	 * @param atRisk whether the SVID runs out before the Workload API can rotate it
	 */
	public record Spiffe(String id, Instant notAfter, boolean workloadApiConnected, @Nullable String lastError,
			boolean atRisk) {

	}

}
