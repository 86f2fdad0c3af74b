package io.github.mtls.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one file through the changes of its directory, as Boot's SSL bundle watcher does: on any
 * event in the directory it waits until the directory has been quiet for the quiet period, then
 * reads the file again and reports its content only when it differs from the last content read.
 * Watching the directory, not the file, and comparing content is what makes it robust to the
 * Kubernetes {@code ..data} symlink swap (the file's own inode never changes) and to editors that
 * write a temporary file and rename it, or truncate and write in several steps.
 */
public final class WatchedFile implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WatchedFile.class);

	private final Path file;

	private final Duration quietPeriod;

	private final Consumer<Content> changes;

	private final WatchService watcher;

	private final Thread thread;

	private byte @Nullable [] last;

	/**
	 * Starts watching.
	 * @param file the file (a symlink is followed on every read)
	 * @param initial the content in force, so that only a change is reported
	 * @param quietPeriod how long the directory must be quiet before the file is read
	 * @param changes receives the new content, or the read failure, on the watcher's thread
	 * @throws IOException when the directory cannot be watched
	 */
	public WatchedFile(Path file, byte[] initial, Duration quietPeriod, Consumer<Content> changes) throws IOException {
		this.file = file.toAbsolutePath();
		this.quietPeriod = quietPeriod;
		this.changes = changes;
		this.last = initial.clone();
		this.watcher = this.file.getFileSystem().newWatchService();
		this.file.getParent()
			.register(this.watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);
		this.thread = new Thread(this::watch, "mtls-file-watcher");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void watch() {
		try {
			while (true) {
				drain(this.watcher.take());
				WatchKey more;
				while ((more = this.watcher.poll(this.quietPeriod.toMillis(), TimeUnit.MILLISECONDS)) != null) {
					drain(more);
				}
				check();
			}
		}
		catch (InterruptedException | ClosedWatchServiceException ex) {
			// closed: the application stops
		}
	}

	private static void drain(WatchKey key) {
		key.pollEvents();
		key.reset();
	}

	private void check() {
		byte[] content;
		try {
			content = Files.readAllBytes(this.file);
		}
		catch (IOException ex) {
			if (this.last != null) {
				this.last = null;
				report(new Content(null, ex.getClass().getSimpleName() + " while reading " + this.file));
			}
			return;
		}
		if (!Arrays.equals(content, this.last)) {
			this.last = content;
			report(new Content(content.clone(), null));
		}
	}

	private void report(Content content) {
		try {
			this.changes.accept(content);
		}
		catch (RuntimeException ex) {
			// The watcher keeps running: the next change gets its chance.
			logger.error("mTLS could not follow the change of {}", this.file, ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.watcher.close();
		this.thread.interrupt();
	}

	/**
	 * What the file holds after a change.
	 *
	 * @param bytes the new content, or {@code null} when it could not be read
	 * @param problem why it could not be read (never its content)
	 */
	public record Content(byte @Nullable [] bytes, @Nullable String problem) {
	}

}
