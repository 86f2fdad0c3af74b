package io.github.mtls.reload;

import io.github.mtls.policy.ClientTrust;
import org.jspecify.annotations.Nullable;

/**
 * Audits reloaded client trust anchors as startup audited the first ones (no public CA, every anchor
 * pinned by {@code mtls.trust.anchors-sha256}, no development CA in production). Anchors that fail
 * are not adopted: the last good ones stay in force.
 */
@FunctionalInterface
public interface TrustAudit {

	/**
	 * Audits the anchors a reload would put in force.
	 * @param candidate the reloaded anchors
	 * @return {@code null} when they may be adopted, else why not
	 */
	@Nullable Finding audit(ClientTrust candidate);

	/**
	 * Why reloaded anchors are not adopted.
	 *
	 * @param property the property that decides it, as the startup failure names it
	 * @param problem what is wrong
	 */
	record Finding(String property, String problem) {
	}

}
