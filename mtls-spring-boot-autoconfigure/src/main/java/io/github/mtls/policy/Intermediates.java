package io.github.mtls.policy;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The intermediate CA certificates the application holds for clients that do not send them
 * ({@code mtls.trust.intermediates}): path building may go through them, never end in them. A
 * proxy that forwards only the client's leaf (nginx, HAProxy's {@code ssl_c_der}) is the usual
 * reason. These are the ones validated at startup; a reload of their bundle is adopted by the
 * configuration in force ({@code reload.CurrentConfiguration}), which path validation, the Actuator
 * inventory and the expiry gauges read.
 */
public final class Intermediates {

	private final String source;

	private final List<X509Certificate> certificates;

	public Intermediates(String source, List<X509Certificate> certificates) {
		this.source = source;
		this.certificates = List.copyOf(certificates);
	}

	/** No intermediates: clients must send theirs. */
	public static Intermediates none() {
		return new Intermediates("none", List.of());
	}

	/** Where they come from, in property terms. */
	public String source() {
		return this.source;
	}

	/** The certificates. */
	public List<X509Certificate> certificates() {
		return this.certificates;
	}

}
