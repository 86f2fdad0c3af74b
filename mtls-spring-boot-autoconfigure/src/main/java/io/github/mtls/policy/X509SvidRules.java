package io.github.mtls.policy;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.SpiffeIds;
import org.jspecify.annotations.Nullable;

/**
 * The X.509-SVID rules (SPIFFE X509-SVID specification, sections 2, 4.1 and 4.3) for every client
 * certificate that carries a {@code spiffe://} URI SAN, in direct and proxy mode alike: exactly one
 * URI SAN, and it a valid SPIFFE ID (a second one would let one certificate speak for two workloads);
 * not a CA; key usage present, with digitalSignature and without keyCertSign or cRLSign (a leaf that
 * may sign certificates or CRLs is a CA in all but name). Certificates without a SPIFFE ID are not
 * concerned.
 */
public final class X509SvidRules {

	private static final int DIGITAL_SIGNATURE = 1;

	private static final int KEY_CERT_SIGN = 1 << 5;

	private static final int CRL_SIGN = 1 << 6;

	private X509SvidRules() {
	}

	/** The rule {@code leaf} breaks, or {@code null} when it is no SVID or a sound one. */
	public static @Nullable String violation(CertificateFacts leaf) {
		if (leaf.sanUri().stream().noneMatch((uri) -> uri.regionMatches(true, 0, SpiffeIds.PREFIX, 0, 9))) {
			return null;
		}
		if (leaf.sanUri().size() != 1) {
			return "X.509-SVID: exactly one URI SAN (found " + leaf.sanUri().size() + ")";
		}
		String problem = SpiffeIds.problem(leaf.sanUri().get(0));
		if (problem != null) {
			return "X.509-SVID: the URI SAN is not a SPIFFE ID: " + problem;
		}
		if (leaf.certificateAuthority()) {
			return "X.509-SVID: a leaf SVID is not a CA (basic constraints cA is set)";
		}
		int usage = leaf.keyUsage();
		if (usage == CertificateFacts.NO_KEY_USAGE) {
			return "X.509-SVID: key usage is required";
		}
		if ((usage & DIGITAL_SIGNATURE) == 0) {
			return "X.509-SVID: key usage must include digitalSignature";
		}
		if ((usage & (KEY_CERT_SIGN | CRL_SIGN)) != 0) {
			return "X.509-SVID: a leaf SVID's key usage excludes keyCertSign and cRLSign";
		}
		return null;
	}

}
