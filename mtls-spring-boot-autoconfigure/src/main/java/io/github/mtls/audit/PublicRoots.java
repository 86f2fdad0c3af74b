package io.github.mtls.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publicly trusted root CAs: the JDK's own {@code cacerts}, read from {@code java.home} (never
 * from {@code javax.net.ssl.trustStore}, which may be the application's own store).
 */
public final class PublicRoots {

	private static final Logger logger = LoggerFactory.getLogger(PublicRoots.class);

	private static volatile @Nullable PublicRoots jdk;

	private final List<X509Certificate> roots;

	private final Map<PublicKey, X509Certificate> byKey = new HashMap<>();

	private final Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();

	public PublicRoots(Collection<X509Certificate> roots) {
		this.roots = List.copyOf(roots);
		for (X509Certificate root : this.roots) {
			this.byKey.putIfAbsent(root.getPublicKey(), root);
			this.bySubject.computeIfAbsent(root.getSubjectX500Principal(), (subject) -> new ArrayList<>(1)).add(root);
		}
	}

	/** The roots of the running JDK's {@code cacerts}, read once per JVM. */
	public static PublicRoots jdk() {
		PublicRoots roots = jdk;
		if (roots == null) {
			synchronized (PublicRoots.class) {
				if (jdk == null) {
					jdk = new PublicRoots(read(cacerts()));
				}
				roots = jdk;
			}
		}
		return roots;
	}

	/** The location of the JDK's {@code cacerts}. */
	public static Path cacerts() {
		return Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
	}

	/** Every certificate of a key store file (JKS or PKCS#12, password {@code changeit} or none). */
	static List<X509Certificate> read(Path file) {
		if (!Files.isReadable(file)) {
			logger.warn("Cannot read the JDK's public root CAs at {}: the public-CA audit is skipped", file);
			return List.of();
		}
		try {
			KeyStore store = KeyStore.getInstance(file.toFile(), "changeit".toCharArray());
			List<X509Certificate> certificates = new ArrayList<>();
			for (String alias : Collections.list(store.aliases())) {
				Certificate certificate = store.getCertificate(alias);
				if (certificate instanceof X509Certificate x509) {
					certificates.add(x509);
				}
			}
			return certificates;
		}
		catch (GeneralSecurityException | IOException ex) {
			logger.warn("Cannot read the JDK's public root CAs at {} ({}): the public-CA audit is skipped", file,
					ex.toString());
			return List.of();
		}
	}

	/** The roots. */
	public List<X509Certificate> roots() {
		return this.roots;
	}

	/**
	 * Finds the public root behind a certificate: the root itself, a root with the same key (a
	 * re-issued or cross-signed root), or the root that issued it (a public intermediate CA).
	 * @param certificate a trust anchor
	 * @return the public root, or {@code null} when the certificate has nothing to do with one
	 */
	public @Nullable X509Certificate find(X509Certificate certificate) {
		X509Certificate sameKey = this.byKey.get(certificate.getPublicKey());
		if (sameKey != null) {
			return sameKey;
		}
		for (X509Certificate root : this.bySubject.getOrDefault(certificate.getIssuerX500Principal(), List.of())) {
			try {
				certificate.verify(root.getPublicKey());
				return root;
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				// Not issued by this root; another one may share its name.
			}
		}
		return null;
	}

}
