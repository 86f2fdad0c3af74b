package io.github.mtls.sample.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.mtls.test.TestCertificate;
import org.springframework.boot.ssl.pem.PemContent;

/**
 * The samples' development PKI (servlet and reactive alike): a root CA, a server certificate for {@code localhost} and
 * three client certificates ({@code orders} and {@code ops} are pinned by the dev profile,
 * {@code stranger} is not), written as PEM files to a local folder. Never used without the
 * {@code dev} profile.
 */
public final class DevelopmentPki {

	/** The root's DN; the startup audits refuse it in a {@code prod} run. */
	public static final String ROOT_DN = "CN=mtls-sample-app Development Root CA,O=mtls-spring-boot-starter (DO NOT TRUST)";

	static final List<String> CLIENTS = List.of("orders", "ops", "stranger");

	private final Path folder;

	public DevelopmentPki(Path folder) {
		this.folder = folder;
	}

	Path folder() {
		return this.folder;
	}

	/** Creates the PKI unless a usable one is already in the folder. */
	public boolean createIfMissing() {
		if (usable()) {
			return false;
		}
		try {
			Files.createDirectories(this.folder);
			TestCertificate root = TestCertificate.authority(ROOT_DN).validFor(Duration.ofDays(365)).build();
			TestCertificate server = TestCertificate.server("localhost")
				.sanIp("127.0.0.1")
				.sanIp("::1")
				.validFor(Duration.ofDays(365))
				.signedBy(root)
				.build();
			write("ca.pem", root.certificatePem());
			write("server.pem", server.chainPem());
			writeKey("server-key.pem", server.privateKeyPem());
			for (String client : CLIENTS) {
				TestCertificate certificate = TestCertificate.client("CN=" + client + "-client,O=mtls-sample-app")
					.validFor(Duration.ofDays(365))
					.signedBy(root)
					.build();
				write(client + ".pem", certificate.certificatePem());
				writeKey(client + "-key.pem", certificate.privateKeyPem());
			}
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the development PKI to " + this.folder.toAbsolutePath(), ex);
		}
	}

	/**
	 * A TLS client context presenting the development certificate of {@code client} and trusting
	 * only the development root: what the printed {@code curl} commands do, for the samples' tests.
	 */
	public SSLContext clientContext(String client) {
		try {
			char[] password = "dev".toCharArray();
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			keys.setKeyEntry("client", PemContent.of(read(client + "-key.pem")).getPrivateKey(), password,
					PemContent.of(read(client + ".pem")).getCertificates().toArray(X509Certificate[]::new));
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", PemContent.of(read("ca.pem")).getCertificates().get(0));
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, password);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot use the development certificate of " + client, ex);
		}
	}

	private String read(String name) throws IOException {
		return Files.readString(this.folder.resolve(name));
	}

	private boolean usable() {
		Path ca = this.folder.resolve("ca.pem");
		if (!Files.isRegularFile(ca) || !CLIENTS.stream().allMatch((c) -> Files.isRegularFile(this.folder.resolve(c + "-key.pem")))) {
			return false;
		}
		try (InputStream in = Files.newInputStream(ca)) {
			X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			return root.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))
					&& root.getSubjectX500Principal().getName().contains("mtls-sample-app Development Root CA");
		}
		catch (IOException | GeneralSecurityException ex) {
			return false;
		}
	}

	private void write(String name, String content) throws IOException {
		Files.writeString(this.folder.resolve(name), content);
	}

	private void writeKey(String name, String content) throws IOException {
		Path file = this.folder.resolve(name);
		Files.writeString(file, content);
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the development keys stay readable as created.
		}
	}

}
