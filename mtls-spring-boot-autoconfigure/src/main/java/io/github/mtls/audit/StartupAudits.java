package io.github.mtls.audit;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.github.mtls.identity.CertificateFacts;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs the {@link StartupAudit audits} once, after every singleton exists and before the web server
 * opens its port: an unsafe set-up never serves a request. Logs the {@link TrustReport} first, so
 * that a failing start still shows what was configured.
 */
public final class StartupAudits implements SmartInitializingSingleton {

	private final Supplier<MtlsSetup> setup;

	private final List<StartupAudit> audits;

	private final @Nullable TrustReport report;

	private final Clock clock;

	/**
	 * @param setup gathers the set-up when the audits run
	 * @param audits the audits, in order
	 * @param report the report to log, or {@code null} when {@code mtls.audit.report} is off
	 * @param clock the clock every validity decision reads
	 */
	public StartupAudits(Supplier<MtlsSetup> setup, List<StartupAudit> audits, @Nullable TrustReport report,
			Clock clock) {
		this.setup = setup;
		this.audits = List.copyOf(audits);
		this.report = report;
		this.clock = clock;
	}

	private volatile @Nullable MtlsSetup startup;

	@Override
	public void afterSingletonsInstantiated() {
		MtlsSetup setup = this.setup.get();
		this.startup = setup;
		if (this.report != null) {
			this.report.log(setup);
		}
		for (StartupAudit audit : this.audits) {
			audit.audit(setup, this.clock.instant());
		}
	}

	/**
	 * Audits reloaded client trust anchors with every audit, in the set-up of startup: a reload must
	 * pass what startup had to pass.
	 * @param trustSource where the anchors come from
	 * @param anchors the reloaded anchors
	 * @throws RuntimeException the failing audit's exception
	 */
	public void auditReloadedAnchors(String trustSource, List<CertificateFacts> anchors) {
		MtlsSetup startup = this.startup;
		MtlsSetup setup = (startup != null) ? startup : this.setup.get();
		MtlsSetup reloaded = new MtlsSetup(trustSource, anchors, setup.serverChain(), setup.clientAuth(),
				setup.proxyMode(), setup.production(), setup.identities(), setup.pinnedAnchors(), setup.revocation(),
				setup.validation(), setup.intermediates());
		for (StartupAudit audit : this.audits) {
			audit.audit(reloaded, this.clock.instant());
		}
	}

}
