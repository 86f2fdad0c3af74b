package io.github.mtls.audit;

import java.time.Instant;

/**
 * One check of the mTLS set-up, run once at startup by {@link StartupAudits}. An unsafe set-up
 * throws an exception of the audit's own type, which stops startup and is explained by its failure
 * analyzer; a doubtful one is logged at WARN.
 */
@FunctionalInterface
public interface StartupAudit {

	/**
	 * Audits the set-up.
	 * @param setup what is configured
	 * @param now the time of the injected clock
	 */
	void audit(MtlsSetup setup, Instant now);

}
