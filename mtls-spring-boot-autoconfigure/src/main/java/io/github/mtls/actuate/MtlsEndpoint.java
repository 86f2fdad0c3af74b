package io.github.mtls.actuate;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.TrustAndIdentities;
import io.github.mtls.identity.PemCertificates;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.policy.CertificateRole;
import io.github.mtls.revocation.RevocationSnapshot;
import io.github.mtls.spiffe.SpiffeStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Endpoint {@code mtls}: {@code GET /actuator/mtls} reports every certificate the service depends
 * on and every pinned identity; {@code GET /actuator/mtls/{identity}} one identity (404 when no
 * such identity is pinned). Only public material is shown: certificates, fingerprints and pins.
 *
 * <p>{@code POST /actuator/mtls} (operation {@code verify}) explains the decision a request
 * presenting a given chain would get: {@code {"chain": "<PEM, leaf first>", "at": "<ISO-8601
 * instant, default now>"}} in, a {@link VerifyReport} out. It runs the application's own
 * {@link AuthenticationPipeline#explain pipeline} and changes no state: nothing is cached, counted,
 * logged or published. Bad input is answered 400 with the field and what is wrong with it.
 */
@Endpoint(id = "mtls")
public class MtlsEndpoint {

	/**
	 * More than any real chain; bounds the work a request can ask for (path building is bounded by
	 * {@code mtls.trust.max-chain-length} and {@code max-candidate-paths} too).
	 */
	private static final int MAX_CERTIFICATES = 32;

	private final CertificateInventory inventory;

	private final ClientActivity clients;

	private final Supplier<IdentityIndex> identities;

	private final @Nullable CurrentConfiguration configuration;

	private final CertificateExpiry expiry;

	private final Supplier<@Nullable RevocationSnapshot> revocation;

	private final AuthenticationPipeline pipeline;

	private final Supplier<@Nullable SpiffeStatus> spiffe;

	/**
	 * @param configuration the configuration in force, or {@code null} to show the pipeline's identities
	 * @param spiffe the SPIFFE state, {@code null} without SPIFFE
	 */
	public MtlsEndpoint(CertificateInventory inventory, ClientActivity clients,
			@Nullable CurrentConfiguration configuration, CertificateExpiry expiry,
			Supplier<@Nullable RevocationSnapshot> revocation, AuthenticationPipeline pipeline,
			Supplier<@Nullable SpiffeStatus> spiffe) {
		this.spiffe = spiffe;
		this.pipeline = pipeline;
		this.inventory = inventory;
		this.clients = clients;
		this.configuration = configuration;
		this.identities = (configuration != null) ? () -> configuration.get().identities() : pipeline::identities;
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
		for (MonitoredCertificate certificate : this.inventory.intermediates()) {
			intermediates.add(this.expiry.view(certificate.facts()));
		}
		Map<String, MtlsReport.IdentityReport> identities = new TreeMap<>();
		for (ClientIdentity identity : this.identities.get().identities().values()) {
			identities.put(identity.name(), identity(identity));
		}
		List<MtlsReport.Unmatched> unmatched = this.clients.unmatched()
			.stream()
			.map((entry) -> new MtlsReport.Unmatched(this.expiry.view(entry.certificate()), entry.count(),
					entry.firstSeen(), entry.lastSeen(), entry.lastReason().code()))
			.toList();
		return new MtlsReport(this.expiry.now(), this.expiry.warningThreshold().toString(), server,
				new MtlsReport.Trust(this.inventory.trustSource(), anchors, intermediates), identities, unmatched,
				this.revocation.get(), configuration(), this.spiffe.get());
	}

	private MtlsReport.@Nullable Configuration configuration() {
		CurrentConfiguration configuration = this.configuration;
		if (configuration == null) {
			return null;
		}
		TrustAndIdentities current = configuration.get();
		MtlsReport.Rejected rejected = configuration.lastRejected()
			.map((rejection) -> new MtlsReport.Rejected(rejection.part().tag(), rejection.source(),
					rejection.property(), rejection.problem(), rejection.at()))
			.orElse(null);
		return new MtlsReport.Configuration(current.generation(), current.loaded().part().tag(),
				current.loaded().source(), current.loaded().at(), configuration.adoptedCount(),
				configuration.rejectedCount(), rejected,
				configuration.lastLoaded(TrustAndIdentities.Part.IDENTITIES)
					.map((load) -> new MtlsReport.Loaded(load.source(), load.at()))
					.orElse(null));
	}

	@ReadOperation
	public MtlsReport.@Nullable IdentityReport identity(@Selector String name) {
		ClientIdentity identity = this.identities.get().get(name);
		return (identity != null) ? identity(identity) : null;
	}

	/**
	 * Explains the decision a request presenting {@code chain} would get at {@code at}.
	 * @param chain PEM certificates, the client's first, then the intermediates it sends
	 * @param at an ISO-8601 instant (or date-time with offset); {@code null} for now
	 * @return the {@link VerifyReport}, or 400 naming the field when the input is unusable
	 */
	@WriteOperation
	public WebEndpointResponse<Object> verify(@Nullable String chain, @Nullable String at) {
		Instant time;
		List<X509Certificate> certificates;
		try {
			time = (at != null && !at.isBlank()) ? instant(at.trim()) : this.pipeline.clock().instant();
			certificates = certificates(chain);
		}
		catch (BadInput ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			body.put("field", ex.field);
			body.put("message", ex.getMessage());
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(VerifyReport.of(
				this.pipeline.explain(certificates.toArray(X509Certificate[]::new), time), certificates, time));
	}

	private static Instant instant(String at) throws BadInput {
		try {
			return Instant.parse(at);
		}
		catch (DateTimeParseException ex) {
			try {
				return OffsetDateTime.parse(at).toInstant();
			}
			catch (DateTimeParseException again) {
				throw new BadInput("at",
						"'" + abbreviate(at) + "' is not an ISO-8601 instant, such as 2030-01-01T00:00:00Z");
			}
		}
	}

	private static List<X509Certificate> certificates(@Nullable String chain) throws BadInput {
		if (chain == null || chain.isBlank()) {
			throw new BadInput("chain", "is required: the client's certificate chain as PEM, leaf first");
		}
		int blocks = occurrences(chain, "-----BEGIN ");
		if (blocks == 0) {
			throw new BadInput("chain", "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
		}
		if (blocks > MAX_CERTIFICATES) {
			throw new BadInput("chain", "has more than " + MAX_CERTIFICATES + " certificates");
		}
		int certificates = occurrences(chain, "-----BEGIN CERTIFICATE-----");
		if (blocks != certificates) {
			throw new BadInput("chain", "holds " + blocks + " PEM blocks of which " + certificates
					+ " are complete certificates; submit certificates only (no keys)");
		}
		try {
			return List.copyOf(PemCertificates.read(chain, MAX_CERTIFICATES));
		}
		catch (PemCertificates.MalformedPemException ex) {
			// The message names the problem, never the submitted content.
			throw new BadInput("chain", "is not readable as PEM certificates: " + ex.getMessage());
		}
	}

	/** Linear in the text's length (a fixed-string scan), whatever the text holds. */
	private static int occurrences(String text, String marker) {
		int count = 0;
		for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) {
			count++;
		}
		return count;
	}

	private static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

	/** Input the endpoint cannot work with: answered 400 naming the field. */
	private static final class BadInput extends Exception {

		private final String field;

		BadInput(String field, String message) {
			super(field + " " + message, null, false, false);
			this.field = field;
		}

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
