package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One question to the CRLs: the time the status is for, the CRL signers whose own trust is being
 * decided on the way (RFC 5280 6.3.3 (f) recurses into a signer's path), and whether the answer may
 * change state (downloaded CRLs kept, source health recorded); diagnostics ask without.
 *
 * @param at the validation time
 * @param signing the CRL signers whose trust is being decided, outermost first
 * @param observed whether downloads are kept and recorded
 */
record CrlQuery(Instant at, List<X509Certificate> signing, boolean observed) {

	CrlQuery {
		signing = List.copyOf(signing);
	}

	/** The question about the path of {@code signer}, one level deeper. */
	CrlQuery nested(X509Certificate signer) {
		List<X509Certificate> nested = new ArrayList<>(this.signing);
		nested.add(signer);
		return new CrlQuery(this.at, nested, this.observed);
	}

}
