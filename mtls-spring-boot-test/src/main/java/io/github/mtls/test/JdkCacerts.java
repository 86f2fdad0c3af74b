package io.github.mtls.test;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

/**
 * A real public root CA for tests that must recognise one: a root of the running JDK's own
 * {@code cacerts}, valid for more than a year and marked as a CA.
 *
 * <pre>{@code
 * registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", JdkCacerts::rootPem);
 * }</pre>
 */
public final class JdkCacerts {

	private static volatile X509Certificate root;

	private JdkCacerts() {
	}

	/** The location of the running JDK's {@code cacerts}. */
	public static Path location() {
		return Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
	}

	/** A public root CA of the JDK's {@code cacerts}, the same one on every call. */
	public static X509Certificate root() {
		X509Certificate found = root;
		if (found == null) {
			found = find();
			root = found;
		}
		return found;
	}

	/** {@link #root()} as PEM. */
	public static String rootPem() {
		return TestCertificate.pem(root());
	}

	private static X509Certificate find() {
		try {
			KeyStore store = KeyStore.getInstance(location().toFile(), "changeit".toCharArray());
			Instant later = Instant.now().plus(Duration.ofDays(400));
			for (String alias : Collections.list(store.aliases())) {
				Certificate certificate = store.getCertificate(alias);
				if (certificate instanceof X509Certificate candidate && candidate.getBasicConstraints() != -1
						&& candidate.getNotAfter().toInstant().isAfter(later)
						&& candidate.getNotBefore().toInstant().isBefore(Instant.now())) {
					return candidate;
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the JDK's cacerts at " + location(), ex);
		}
		throw new IllegalStateException("The JDK's cacerts at " + location() + " holds no usable root CA");
	}

}
