package io.github.mtls.path;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A certification path.
 *
 * @param certificates the path, leaf first, up to the certificate the anchor issued; a client
 * certificate trusted as an anchor itself is a path of one
 * @param anchor the trust anchor the path ends in; {@code null} for a chain the application did not
 * validate (a proxy trusted to have done it)
 */
public record CertificationPath(List<X509Certificate> certificates, @Nullable X509Certificate anchor) {

	public CertificationPath {
		certificates = List.copyOf(certificates);
	}

	/** The client's certificate. */
	public X509Certificate leaf() {
		return this.certificates.get(0);
	}

	/** The issuer of the certificate at {@code index}: the next one, or the anchor. */
	public @Nullable X509Certificate issuerOf(int index) {
		return (index + 1 < this.certificates.size()) ? this.certificates.get(index + 1) : this.anchor;
	}

	/** Whether the certificate at {@code index} is the anchor itself. */
	public boolean isAnchor(int index) {
		return this.certificates.get(index).equals(this.anchor);
	}

	/** The path with its anchor appended, as reports list it. */
	public List<X509Certificate> withAnchor() {
		if (this.anchor == null || this.certificates.get(this.certificates.size() - 1).equals(this.anchor)) {
			return this.certificates;
		}
		List<X509Certificate> all = new ArrayList<>(this.certificates);
		all.add(this.anchor);
		return all;
	}

}
