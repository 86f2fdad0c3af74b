package io.github.mtls.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A real nginx or HAProxy (the Debian packages) terminating mTLS on loopback in front of an
 * application that serves plain HTTP, for end-to-end tests of proxy mode. Runs as a child process
 * of the test, in the foreground, as the current user, with a generated configuration, pid and log
 * files in a temporary directory and a free port; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (TlsTerminatingProxy nginx = TlsTerminatingProxy.nginx(pki, appPort)
 *         .header("X-SSL-Client-Cert", "$ssl_client_escaped_cert")
 *         .sourceAddress("127.0.0.2")
 *         .start()) {
 *     pki.clients().get(orders, nginx.url("/whoami"));
 * }
 * }</pre>
 *
 * The proxy's upstream connection comes from {@link Builder#sourceAddress(String) a loopback
 * address of its own} (nginx {@code proxy_bind}, HAProxy {@code source}), so the application can
 * tell the proxy from any other local client.
 */
public final class TlsTerminatingProxy implements AutoCloseable {

	private final Process process;

	private final Path directory;

	private final int port;

	private TlsTerminatingProxy(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/** nginx ({@code /usr/sbin/nginx} or on the PATH) in front of {@code 127.0.0.1:upstreamPort}. */
	public static Builder nginx(TestPki pki, int upstreamPort) {
		return new Builder(Kind.NGINX, pki, upstreamPort);
	}

	/** HAProxy ({@code /usr/sbin/haproxy} or on the PATH) in front of {@code 127.0.0.1:upstreamPort}. */
	public static Builder haproxy(TestPki pki, int upstreamPort) {
		return new Builder(Kind.HAPROXY, pki, upstreamPort);
	}

	/** Whether the proxy's executable is installed. */
	public static boolean isInstalled(String name) {
		return executable(name) != null;
	}

	/** The HTTPS port on 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/** {@code https://localhost:<port><path>}. */
	public String url(String path) {
		return "https://localhost:" + this.port + path;
	}

	/** What the proxy wrote to its log files and standard output so far. */
	public String log() {
		StringBuilder log = new StringBuilder();
		for (String name : List.of("error.log", "output.log")) {
			Path file = this.directory.resolve(name);
			try {
				if (Files.exists(file)) {
					log.append(Files.readString(file));
				}
			}
			catch (IOException ex) {
				log.append(ex);
			}
		}
		return log.toString();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// Left in the temporary directory.
		}
	}

	private static @Nullable String executable(String name) {
		for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")) {
			if (Files.isExecutable(Path.of(dir, name))) {
				return dir + "/" + name;
			}
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(":")) {
				if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
					return dir + "/" + name;
				}
			}
		}
		return null;
	}

	private enum Kind {

		NGINX, HAPROXY

	}

	/** Configures a proxy before {@link #start() starting} it. */
	public static final class Builder {

		private final Kind kind;

		private final TestPki pki;

		private final int upstreamPort;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String sourceAddress = "127.0.0.2";

		private boolean verify = true;

		private @Nullable TestCertificate upstreamIdentity;

		private Builder(Kind kind, TestPki pki, int upstreamPort) {
			this.kind = kind;
			this.pki = pki;
			this.upstreamPort = upstreamPort;
		}

		/**
		 * Sets a request header for the upstream request, in the proxy's own syntax: nginx
		 * variables ({@code $ssl_client_escaped_cert}) or HAProxy log-format expressions
		 * ({@code %[ssl_c_der,base64]}). The proxy replaces any value the client sent.
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/** The local address of the proxy's upstream connection (default {@code 127.0.0.2}). */
		public Builder sourceAddress(String address) {
			this.sourceAddress = address;
			return this;
		}

		/**
		 * Forwards client certificates the proxy could not verify (nginx {@code optional_no_ca},
		 * HAProxy {@code verify optional} ignoring errors), as misconfigured or passthrough proxies
		 * do: the application must refuse them on its own.
		 */
		public Builder forwardUnverified() {
			this.verify = false;
			return this;
		}

		/**
		 * Connects to the application over HTTPS (verifying its certificate against the PKI's root)
		 * and presents {@code proxyCertificate} as the proxy's own client certificate, as for
		 * {@code mtls.proxy.trusted-proxy-dn}.
		 */
		public Builder upstreamTls(TestCertificate proxyCertificate) {
			this.upstreamIdentity = proxyCertificate;
			return this;
		}

		/** Writes the configuration, starts the proxy and waits until it accepts connections. */
		public TlsTerminatingProxy start() {
			String name = (this.kind == Kind.NGINX) ? "nginx" : "haproxy";
			String executable = executable(name);
			if (executable == null) {
				throw new IllegalStateException(name + " is not installed (apt-get install " + name + ")");
			}
			try {
				Path directory = Files.createTempDirectory("mtls-" + name);
				int port = freePort();
				Path serverPem = directory.resolve("server.pem");
				Files.writeString(serverPem, this.pki.server().chainPem());
				Path serverKey = directory.resolve("server.key");
				Files.writeString(serverKey, this.pki.server().privateKeyPem());
				Path combined = directory.resolve("server-with-key.pem");
				Files.writeString(combined, this.pki.server().chainPem() + this.pki.server().privateKeyPem());
				Path ca = directory.resolve("ca.pem");
				Files.writeString(ca, this.pki.root().certificatePem());
				Path upstreamPem = directory.resolve("upstream.pem");
				Path upstreamKey = directory.resolve("upstream.key");
				if (this.upstreamIdentity != null) {
					Files.writeString(upstreamPem, this.upstreamIdentity.chainPem());
					Files.writeString(upstreamKey, this.upstreamIdentity.privateKeyPem());
					Files.writeString(directory.resolve("upstream-with-key.pem"),
							this.upstreamIdentity.chainPem() + this.upstreamIdentity.privateKeyPem());
				}
				Path config = directory.resolve(name + ".conf");
				List<String> command = new ArrayList<>();
				if (this.kind == Kind.NGINX) {
					Files.writeString(config, nginxConfig(directory, port, serverPem, serverKey, ca)
						.replace("UPSTREAM_TLS", nginxUpstreamTls(upstreamPem, upstreamKey, ca)));
					command.addAll(List.of(executable, "-p", directory.toString(), "-c", config.toString(), "-e",
							directory.resolve("error.log").toString()));
				}
				else {
					Files.writeString(config, haproxyConfig(port, combined, ca).replace("UPSTREAM_TLS",
							(this.upstreamIdentity != null) ? " ssl crt " + directory.resolve("upstream-with-key.pem")
									+ " ca-file " + ca + " verify required verifyhost localhost sni str(localhost)" : ""));
					command.addAll(List.of(executable, "-db", "-f", config.toString()));
				}
				Process process = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(directory.resolve("output.log").toFile())
					.start();
				TlsTerminatingProxy proxy = new TlsTerminatingProxy(process, directory, port);
				awaitListening(proxy, Duration.ofSeconds(15));
				return proxy;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private String nginxConfig(Path directory, int port, Path serverPem, Path serverKey, Path ca) {
			StringBuilder headers = new StringBuilder();
			this.headers.forEach((header, value) -> headers.append("            proxy_set_header ")
				.append(header)
				.append(" \"")
				.append(value)
				.append("\";\n"));
			return """
					daemon off;
					master_process off;
					pid %1$s/nginx.pid;
					error_log %1$s/error.log info;
					events { worker_connections 64; }
					http {
					    access_log off;
					    client_body_temp_path %1$s/client_body;
					    proxy_temp_path %1$s/proxy;
					    fastcgi_temp_path %1$s/fastcgi;
					    uwsgi_temp_path %1$s/uwsgi;
					    scgi_temp_path %1$s/scgi;
					    server {
					        listen 127.0.0.1:%2$d ssl;
					        ssl_certificate %3$s;
					        ssl_certificate_key %4$s;
					        %10$s %5$s;
					        ssl_verify_client %6$s;
					        ssl_verify_depth 4;
					        location / {
					            proxy_pass %11$s://127.0.0.1:%7$d;
					            UPSTREAM_TLS
					            proxy_bind %8$s;
					            proxy_http_version 1.1;
					            proxy_set_header Connection "";
					%9$s        }
					    }
					}
					""".formatted(directory, port, serverPem, serverKey, ca, this.verify ? "on" : "optional_no_ca",
					this.upstreamPort, this.sourceAddress, headers,
					// Trusted but not announced: clients then present any certificate, as to a proxy that takes all.
					this.verify ? "ssl_client_certificate" : "ssl_trusted_certificate",
					(this.upstreamIdentity != null) ? "https" : "http");
		}

		private String nginxUpstreamTls(Path upstreamPem, Path upstreamKey, Path ca) {
			if (this.upstreamIdentity == null) {
				return "";
			}
			return "proxy_ssl_certificate " + upstreamPem + "; proxy_ssl_certificate_key " + upstreamKey
					+ "; proxy_ssl_trusted_certificate " + ca + "; proxy_ssl_verify on; proxy_ssl_name localhost;";
		}

		private String haproxyConfig(int port, Path combined, Path ca) {
			StringBuilder headers = new StringBuilder();
			this.headers.forEach((header, value) -> headers.append("    http-request set-header ")
				.append(header)
				.append(' ')
				.append(value)
				.append('\n'));
			return """
					global
					    maxconn 64
					defaults
					    mode http
					    timeout connect 5s
					    timeout client 30s
					    timeout server 30s
					frontend tls
					    bind 127.0.0.1:%1$d ssl crt %2$s %4$s
					%5$s    default_backend app
					backend app
					    server app 127.0.0.1:%6$d source %7$sUPSTREAM_TLS
					""".formatted(port, combined, ca, this.verify ? "ca-file " + ca + " verify required"
							: "ca-verify-file " + ca + " verify optional crt-ignore-err all ca-ignore-err all", headers,
					this.upstreamPort, this.sourceAddress);
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
		}

		private static void awaitListening(TlsTerminatingProxy proxy, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				if (!proxy.process.isAlive()) {
					throw new IllegalStateException("The proxy exited with " + proxy.process.exitValue() + ":\n" + proxy.log());
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port), 200);
					return;
				}
				catch (IOException ex) {
					try {
						Thread.sleep(50);
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						break;
					}
				}
			}
			proxy.close();
			throw new IllegalStateException("The proxy did not listen within " + timeout + ":\n" + proxy.log());
		}

	}

}
