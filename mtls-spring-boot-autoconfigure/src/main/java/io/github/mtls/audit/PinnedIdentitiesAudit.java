package io.github.mtls.audit;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an application with no pinned identity: every request would be refused, which is almost
 * always a forgotten {@code mtls.identities} (a wrong profile, a mistyped prefix) rather than
 * intent. Allowed by {@code mtls.allow-empty: true}, for example while a service is being set up.
 */
public final class PinnedIdentitiesAudit implements StartupAudit {

	/** The property that allows an empty allowlist. */
	public static final String PROPERTY = "mtls.allow-empty";

	private static final Logger logger = LoggerFactory.getLogger(PinnedIdentitiesAudit.class);

	private final boolean allowEmpty;

	public PinnedIdentitiesAudit(boolean allowEmpty) {
		this.allowEmpty = allowEmpty;
	}

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		if (!setup.identities().identities().isEmpty()) {
			return;
		}
		if (!this.allowEmpty) {
			throw new NoPinnedIdentitiesException();
		}
		logger.warn("mTLS pins no identity (allowed by {}): every request will be refused with identity_not_pinned",
				PROPERTY);
	}

}
