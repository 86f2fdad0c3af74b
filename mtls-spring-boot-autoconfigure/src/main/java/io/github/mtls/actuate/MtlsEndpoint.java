package io.github.mtls.actuate;

import io.github.mtls.policy.CertificateRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.revocation.RevocationSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Read-only endpoint {@code mtls}: {@code /actuator/mtls} reports every certificate the service
 * depends on and every pinned identity; {@code /actuator/mtls/{identity}} one identity (404 when no
 * such identity is pinned). Only public material is shown: certificates, fingerprints and pins.
 */
@Endpoint(id = "mtls")
public class MtlsEndpoint {

	private final CertificateInventory inventory;

	private final ClientActivity clients;

	private final IdentityIndex identities;

	private final CertificateExpiry expiry;

	private final Supplier<@Nullable RevocationSnapshot> revocation;

	public MtlsEndpoint(CertificateInventory inventory, ClientActivity clients, IdentityIndex identities,
			CertificateExpiry expiry, Supplier<@Nullable RevocationSnapshot> revocation) {
		this.inventory = inventory;
		this.clients = clients;
		this.identities = identities;
		this.expiry = expiry;
		this.revocation = revocation;
	}

	@ReadOperation
	public MtlsReport report() {
		List<MtlsReport.ServerChain> server = new ArrayList<>();
		for (CertificateInventory.ServerChainFacts chain : this.inventory.serverChains()) {
			server.add(new MtlsReport.ServerChain(chain.bundle(), chain.alias(),
					chain.certificates().stream().map(this.expiry::view).toList()));
		}
		List<CertificateView> anchors = new ArrayList<>();
		List<CertificateView> intermediates = new ArrayList<>();
		for (MonitoredCertificate certificate : this.inventory.trust()) {
			(certificate.role() == CertificateRole.TRUST_ANCHOR ? anchors : intermediates)
				.add(this.expiry.view(certificate.facts()));
		}
		Map<String, MtlsReport.IdentityReport> identities = new TreeMap<>();
		for (ClientIdentity identity : this.identities.identities().values()) {
			identities.put(identity.name(), identity(identity));
		}
		List<MtlsReport.Unmatched> unmatched = this.clients.unmatched()
			.stream()
			.map((entry) -> new MtlsReport.Unmatched(this.expiry.view(entry.certificate()), entry.count(),
					entry.firstSeen(), entry.lastSeen(), entry.lastReason().code()))
			.toList();
		return new MtlsReport(this.expiry.now(), this.expiry.warningThreshold().toString(), server,
				new MtlsReport.Trust(this.inventory.trustSource(), anchors, intermediates), identities, unmatched,
				this.revocation.get());
	}

	@ReadOperation
	public MtlsReport.@Nullable IdentityReport identity(@Selector String name) {
		ClientIdentity identity = this.identities.get(name);
		return (identity != null) ? identity(identity) : null;
	}

	private MtlsReport.IdentityReport identity(ClientIdentity identity) {
		Map<String, List<String>> selectors = new LinkedHashMap<>();
		for (SelectorKind kind : SelectorKind.values()) {
			if (identity.selectors().containsKey(kind)) {
				selectors.put(kind.property(), List.copyOf(identity.selectors().get(kind)));
			}
		}
		ClientActivity.IdentityActivity activity = this.clients.identity(identity.name());
		if (activity == null) {
			return new MtlsReport.IdentityReport(selectors, identity.authorities(), null, null, 0, 0, null);
		}
		return new MtlsReport.IdentityReport(selectors, identity.authorities(), activity.lastSeen(),
				(activity.certificate() != null) ? this.expiry.view(activity.certificate()) : null,
				activity.accepted(), activity.refused(),
				(activity.lastRefusal() != null) ? activity.lastRefusal().code() : null);
	}

}
