package io.github.mtls.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;

import io.github.mtls.identity.CertificateFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a client trust anchor that is, shares its key with, or is issued by a publicly trusted
 * root CA: anyone can buy a client certificate from a public CA, so such a trust store is really
 * "anyone with a credit card" (a classic mistake: pointing the client trust store at the JDK's
 * cacerts). Allowed by {@code mtls.trust.allow-public-ca: true}, for example for a partner
 * integration that pins identities by fingerprint anyway.
 */
public final class PublicCaAudit implements StartupAudit {

	/** The property that allows a public CA. */
	public static final String PROPERTY = "mtls.trust.allow-public-ca";

	private static final Logger logger = LoggerFactory.getLogger(PublicCaAudit.class);

	private final PublicRoots roots;

	private final boolean allowed;

	public PublicCaAudit(PublicRoots roots, boolean allowed) {
		this.roots = roots;
		this.allowed = allowed;
	}

	@Override
	public void audit(MtlsSetup setup, Instant now) {
		for (CertificateFacts anchor : setup.anchors()) {
			X509Certificate root = this.roots.find(anchor.certificate());
			if (root == null) {
				continue;
			}
			String publicRoot = root.getSubjectX500Principal().getName();
			if (!this.allowed) {
				throw new PublicCaTrustedException(setup.trustSource(), anchor.subjectName(), anchor.sha256(),
						publicRoot);
			}
			logger.warn("mTLS trusts client certificates from the public CA \"{}\" (sha256 {}, public root \"{}\"), "
					+ "allowed by {}", anchor.subjectName(), anchor.sha256(), publicRoot, PROPERTY);
		}
	}

}
