package io.github.mtls.spiffe;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The workload's own X.509-SVID as the Workload API sent it.
 *
 * @param id the SPIFFE ID
 * @param chain the leaf first, then the intermediates to the trust domain's CA
 * @param key the leaf's private key; never logged or shown
 */
public record Svid(String id, List<X509Certificate> chain, PrivateKey key) {

	public Svid {
		chain = List.copyOf(chain);
	}

	/** The SVID's certificate. */
	public X509Certificate leaf() {
		return this.chain.get(0);
	}

	/** When the SVID expires. */
	public Instant expiresAt() {
		return leaf().getNotAfter().toInstant();
	}

	/** The serial number in hex, as the endpoint shows it. */
	public String serial() {
		return leaf().getSerialNumber().toString(16);
	}

	@Override
	public String toString() {
		return "Svid[" + this.id + ", serial " + serial() + ", expires " + expiresAt() + "]";
	}

}
