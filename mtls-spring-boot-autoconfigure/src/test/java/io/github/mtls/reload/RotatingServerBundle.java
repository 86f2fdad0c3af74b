package io.github.mtls.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.mtls.test.MountedFiles;
import io.github.mtls.test.TestPki;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The server's SSL bundle {@code rotating} ({@code server.ssl.bundle}, {@code client-auth=need}),
 * reloaded by Boot ({@code reload-on-update}, 100 ms quiet period) from files on disk: the test
 * PKI's server certificate, and a client trust store mounted as Kubernetes mounts a ConfigMap, which
 * a test replaces with {@link #trust(String)}.
 */
public final class RotatingServerBundle {

	private final Path directory;

	private final MountedFiles mount;

	private RotatingServerBundle(Path directory, MountedFiles mount) {
		this.directory = directory;
		this.mount = mount;
	}

	/** A bundle whose client trust store holds {@code trustedPem} to begin with. */
	public static RotatingServerBundle trusting(String trustedPem) {
		try {
			Path directory = Files.createTempDirectory("mtls-rotation");
			return new RotatingServerBundle(directory,
					MountedFiles.in(directory.resolve("trust")).write(Map.of("clients.pem", trustedPem)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Serves the bundle with the certificate of {@code pki}'s server and requires client certificates. */
	public void register(DynamicPropertyRegistry registry, TestPki pki) {
		String bundle = "spring.ssl.bundle.pem.rotating.";
		registry.add(bundle + "keystore.certificate", () -> file("server.pem", pki.server().chainPem()));
		registry.add(bundle + "keystore.private-key", () -> file("server.key", pki.server().privateKeyPem()));
		registry.add(bundle + "truststore.certificate", () -> "file:" + this.mount.path("clients.pem"));
		registry.add(bundle + "reload-on-update", () -> "true");
		registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
		registry.add("server.ssl.bundle", () -> "rotating");
		registry.add("server.ssl.client-auth", () -> "need");
	}

	/** Replaces the client trust store at once, as a ConfigMap update does. */
	public void trust(String trustedPem) {
		this.mount.write(Map.of("clients.pem", trustedPem));
	}

	private String file(String name, String content) {
		try {
			return "file:" + Files.writeString(this.directory.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
