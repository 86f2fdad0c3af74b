package io.github.mtls.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory written the way Kubernetes mounts a ConfigMap or Secret: each file is a symlink
 * {@code name -> ..data/name}, {@code ..data} a symlink to a timestamped directory, and an update
 * writes a new directory and swaps {@code ..data} with one atomic rename. Use it to test that an
 * application follows a rotation of mounted trust material or configuration:
 * <pre>
 * MountedFiles mounted = MountedFiles.in(directory);
 * mounted.write(Map.of("ca.pem", oldCa.certificatePem()));
 * // point spring.ssl.bundle.pem.clients.truststore.certificate at mounted.path("ca.pem")
 * mounted.write(Map.of("ca.pem", newCa.certificatePem())); // one atomic swap
 * </pre>
 */
public final class MountedFiles {

	private final Path directory;

	private final AtomicInteger version = new AtomicInteger();

	private MountedFiles(Path directory) {
		this.directory = directory;
	}

	/** A mount in {@code directory}, created if needed. */
	public static MountedFiles in(Path directory) {
		try {
			return new MountedFiles(Files.createDirectories(directory));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The path an application reads a file of the mount by: {@code directory/name}. */
	public Path path(String name) {
		return this.directory.resolve(name);
	}

	/**
	 * Replaces the whole content of the mount at once, as the kubelet does: readers see the old files
	 * or the new ones, never a mix or a half-written file.
	 * @param files file names and their text
	 * @return this mount
	 */
	public synchronized MountedFiles write(Map<String, String> files) {
		try {
			Path version = Files.createDirectory(
					this.directory.resolve("..v" + this.version.incrementAndGet() + "_" + System.nanoTime()));
			for (Map.Entry<String, String> file : files.entrySet()) {
				Files.writeString(version.resolve(file.getKey()), file.getValue());
			}
			Path next = this.directory.resolve("..data_tmp");
			Files.deleteIfExists(next);
			Files.createSymbolicLink(next, version.getFileName());
			Files.move(next, this.directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
			for (String name : files.keySet()) {
				Path link = this.directory.resolve(name);
				if (!Files.isSymbolicLink(link)) {
					Files.createSymbolicLink(link, Path.of("..data").resolve(name));
				}
			}
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
