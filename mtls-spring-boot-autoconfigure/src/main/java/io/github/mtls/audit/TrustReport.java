package io.github.mtls.audit;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.SelectorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an auditor asks for, logged once at startup as one INFO block ({@code mtls.audit.report}):
 * how certificates arrive, the trust anchors (subject, SHA-256 fingerprint, notAfter) and whether
 * they are pinned, the server's certificate, the pinned identities with their selectors and
 * authorities, the path-validation inputs and leaf requirements, and the revocation mode.
 */
public final class TrustReport {

	private static final Logger logger = LoggerFactory.getLogger(TrustReport.class);

	/** Logs the report of {@code setup} at INFO. */
	public void log(MtlsSetup setup) {
		if (logger.isInfoEnabled()) {
			logger.info(render(setup));
		}
	}

	/** The report as text. */
	public String render(MtlsSetup setup) {
		StringBuilder report = new StringBuilder("mTLS trust set-up (mtls.audit.report)\n");
		report.append("  mode:        ")
			.append(setup.proxyMode() ? "proxy (mtls.proxy.enabled)"
					: "direct, server.ssl.client-auth=" + clientAuth(setup.clientAuth()))
			.append('\n');
		report.append("  trust:       ").append(setup.anchors().size()).append(" anchor(s) from ")
			.append(setup.trustSource())
			.append(setup.pinnedAnchors().isEmpty() ? ", not pinned" : ", pinned by mtls.trust.anchors-sha256")
			.append('\n');
		for (CertificateFacts anchor : setup.anchors()) {
			certificate(report, anchor);
		}
		if (!setup.serverChain().isEmpty()) {
			report.append("  server:      ").append(setup.serverChain().size()).append(" certificate(s)\n");
			for (CertificateFacts certificate : setup.serverChain()) {
				certificate(report, certificate);
			}
		}
		Map<String, ClientIdentity> identities = setup.identities().identities();
		report.append("  identities:  ").append(identities.size()).append('\n');
		for (String name : new TreeSet<>(identities.keySet())) {
			ClientIdentity identity = identities.get(name);
			report.append("    - ").append(name).append(':');
			for (SelectorKind kind : SelectorKind.values()) {
				Set<String> values = identity.selectors().get(kind);
				if (values != null) {
					report.append(' ').append(kind.property()).append('=').append(values);
				}
			}
			if (!identity.authorities().isEmpty()) {
				report.append(" authorities=").append(identity.authorities());
			}
			report.append('\n');
		}
		report.append("  validation:  ").append(setup.validation()).append('\n');
		report.append("  revocation:  ").append(setup.revocation());
		return report.toString();
	}

	private static void certificate(StringBuilder report, CertificateFacts certificate) {
		report.append("    - \"")
			.append(certificate.subjectName())
			.append("\" sha256=")
			.append(certificate.sha256())
			.append(" notAfter=")
			.append(certificate.notAfter())
			.append('\n');
	}

	private static String clientAuth(MtlsSetup.ClientAuth clientAuth) {
		return (clientAuth == MtlsSetup.ClientAuth.NO_TLS) ? "(no TLS)"
				: clientAuth.name().toLowerCase(java.util.Locale.ROOT);
	}

}
