package io.github.mtls.audit;

import io.github.mtls.policy.CertificateRole;
import java.time.Instant;
import java.util.List;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the sample app's generated development PKI in a production run: its root CA's private
 * key sits unprotected on a developer's disk. Recognised by the development root's subject, as a
 * trust anchor, as the issuer of a trust anchor, or anywhere in the server's chain. A production
 * run is one with the {@code prod} (or {@code production}) profile active. Use the production PKI;
 * {@code mtls.audit.allow-development-pki: true} starts anyway (a throwaway environment that must
 * run with the prod profile) and logs a warning.
 */
public final class DevelopmentPkiAudit implements StartupAudit {

	/** The subject of the sample app's development root CA. */
	public static final String DEVELOPMENT_ROOT_DN = "CN=mtls-sample-app Development Root CA,"
			+ "O=mtls-spring-boot-starter (DO NOT TRUST)";

	/** The property that allows the development PKI in a production run. */
	public static final String PROPERTY = "mtls.audit.allow-development-pki";

	private static final Logger logger = LoggerFactory.getLogger(DevelopmentPkiAudit.class);

	private static final String DEVELOPMENT_ROOT = Names.dn(DEVELOPMENT_ROOT_DN);

	private final boolean allowed;

	public DevelopmentPkiAudit(boolean allowed) {
		this.allowed = allowed;
	}

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		if (!setup.production()) {
			return;
		}
		audit(CertificateRole.TRUST_ANCHOR, setup.trustSource(), setup.anchors());
		audit(CertificateRole.SERVER, "server.ssl", setup.serverChain());
	}

	private void audit(CertificateRole role, String source,
			List<CertificateFacts> certificates) {
		for (CertificateFacts certificate : certificates) {
			if (DEVELOPMENT_ROOT.equals(certificate.subject()) || DEVELOPMENT_ROOT.equals(certificate.issuer())) {
				if (!this.allowed) {
					throw new DevelopmentPkiInProductionException(role, source, certificate.subjectName(),
							certificate.sha256());
				}
				logger.warn("mTLS {} \"{}\" (sha256 {}, {}) belongs to the sample app's development PKI in a "
						+ "production run, allowed by {}", role.description(), certificate.subjectName(),
						certificate.sha256(), source, PROPERTY);
			}
		}
	}

}
