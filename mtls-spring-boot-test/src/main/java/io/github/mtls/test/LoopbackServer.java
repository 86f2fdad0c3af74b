package io.github.mtls.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/** What {@link OcspResponder} and {@link CrlEndpoint} share: a JDK HTTP server on loopback and the faults. */
abstract class LoopbackServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicInteger requests = new AtomicInteger();

	private final String path;

	volatile @Nullable ResponderFault fault;

	volatile Duration slowDelay = Duration.ofSeconds(10);

	volatile Clock clock = Clock.systemUTC();

	LoopbackServer(String path) {
		this.path = path;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, getClass().getSimpleName());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext(path, this::exchange);
		this.server.start();
	}

	/** The URL to put in certificates or properties. */
	public String url() {
		return url(this.path);
	}

	/** The URL of another path of this server. */
	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answers {@code path} too, through {@link #answer}. */
	void serve(String path) {
		this.server.createContext(path, this::exchange);
	}

	/** The fault a request for {@code path} meets; the server's {@link #fault} by default. */
	@Nullable ResponderFault faultFor(String path) {
		return this.fault;
	}

	/** How many requests arrived (of any kind, faulty answers included). */
	public int requests() {
		return this.requests.get();
	}

	/** Stops answering: every connection is refused from now on. */
	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void exchange(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		try (exchange) {
			byte[] request = exchange.getRequestBody().readAllBytes();
			ResponderFault fault = faultFor(exchange.getRequestURI().getPath());
			if (fault == ResponderFault.DOWN) {
				return;
			}
			if (fault == ResponderFault.SLOW) {
				try {
					if (this.closed.await(this.slowDelay.toMillis(), TimeUnit.MILLISECONDS)) {
						return;
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			if (fault == ResponderFault.GARBAGE) {
				byte[] garbage = new byte[512];
				new SecureRandom().nextBytes(garbage);
				send(exchange, 200, contentType(), garbage);
				return;
			}
			if (fault == ResponderFault.HUGE) {
				exchange.getResponseHeaders().set("Content-Type", contentType());
				exchange.sendResponseHeaders(200, 0);
				try (OutputStream out = exchange.getResponseBody()) {
					byte[] chunk = new byte[64 * 1024];
					for (int i = 0; i < 128; i++) {
						out.write(chunk);
					}
				}
				catch (IOException ex) {
					// The client hung up on the huge body, as it should.
				}
				return;
			}
			answer(exchange, request, fault);
		}
	}

	static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			exchange.getResponseBody().write(body);
		}
	}

	abstract String contentType();

	/** Answers a request; {@code fault} is null or one of the faults the subclass handles itself. */
	abstract void answer(HttpExchange exchange, byte[] request, @Nullable ResponderFault fault) throws IOException;

}
