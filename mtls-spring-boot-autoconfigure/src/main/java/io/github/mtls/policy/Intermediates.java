package io.github.mtls.policy;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The intermediate CA certificates the application holds for clients that do not send them
 * ({@code mtls.trust.intermediates}): path building may go through them, never end in them. A
 * proxy that forwards only the client's leaf (nginx, HAProxy's {@code ssl_c_der}) is the usual
 * reason. Replaced as a whole when their source reloads; path validation, the Actuator inventory
 * and the expiry gauges read the current list.
 */
public final class Intermediates {

	private final String source;

	private volatile List<X509Certificate> certificates;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

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

	/** The current certificates; the same list object until the next {@link #replace}. */
	public List<X509Certificate> certificates() {
		return this.certificates;
	}

	/** Puts {@code certificates} in force, then tells the listeners. */
	public void replace(List<X509Certificate> certificates) {
		this.certificates = List.copyOf(certificates);
		this.listeners.forEach(Runnable::run);
	}

	/** Runs {@code listener} after every {@link #replace}. */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

}
