package io.github.mtls.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import org.springframework.core.env.Environment;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The clients of an {@link MtlsTest}, by {@link Identity#name() identity name}: each presents its
 * identity's certificate and trusts only the test PKI. Available as a bean in the test's
 * application context ({@code @Autowired TestIdentities identities}); test methods can also take
 * single clients with {@link MtlsClient @MtlsClient}.
 */
public final class TestIdentities {

	private final Map<String, TestCertificate> certificates;

	private final MtlsClients clients;

	private final Environment environment;

	private final Map<String, HttpClient> httpClients = new ConcurrentHashMap<>();

	TestIdentities(Map<String, TestCertificate> certificates, MtlsClients clients, Environment environment) {
		this.certificates = Map.copyOf(certificates);
		this.clients = clients;
		this.environment = environment;
	}

	/** The names of the declared identities. */
	public Set<String> names() {
		return this.certificates.keySet();
	}

	/** The certificate of the identity {@code name}, to pin, inspect or renew it. */
	public TestCertificate certificate(String name) {
		TestCertificate certificate = this.certificates.get(name);
		if (certificate == null) {
			throw new IllegalArgumentException(
					"No @Identity named '" + name + "' in @MtlsTest; declared: " + this.certificates.keySet());
		}
		return certificate;
	}

	/** An {@link SSLContext} presenting the identity's certificate and trusting only the test PKI. */
	public SSLContext sslContext(String name) {
		return this.clients.sslContext(certificate(name));
	}

	/** A JDK {@link HttpClient} presenting the identity's certificate (one per identity, reused). */
	public HttpClient httpClient(String name) {
		TestCertificate certificate = certificate(name);
		return this.httpClients.computeIfAbsent(name, (key) -> this.clients.httpClient(certificate));
	}

	/** A {@link RestTestClient} presenting the identity's certificate, bound to {@link #baseUrl()}. */
	public RestTestClient restTestClient(String name) {
		return MtlsClients.bind(httpClient(name), baseUrl());
	}

	/**
	 * A {@code WebTestClient} presenting the identity's certificate over real TLS, bound to
	 * {@link #baseUrl()}: the client of a WebFlux application's tests.
	 */
	public org.springframework.test.web.reactive.server.WebTestClient webTestClient(String name) {
		return MtlsClients.ReactiveClients.bind(httpClient(name), baseUrl());
	}

	/** Sends a GET for {@code path} (relative to {@link #baseUrl()}) as the identity. */
	public HttpResponse<String> get(String name, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).build();
		try {
			return httpClient(name).send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** {@code https://localhost:<port>} of the running server. */
	public String baseUrl() {
		Integer port = this.environment.getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException(
					"@MtlsTest needs a running server: use @SpringBootTest(webEnvironment = RANDOM_PORT)");
		}
		return "https://localhost:" + port;
	}

	/** The client of type {@code type} for the identity {@code name}, as {@link MtlsClient} injects it. */
	Object client(String name, Class<?> type) {
		if (type == TestCertificate.class) {
			return certificate(name);
		}
		if (type == HttpClient.class) {
			return httpClient(name);
		}
		if (type == SSLContext.class) {
			return sslContext(name);
		}
		if (type.getName().equals("org.springframework.test.web.servlet.client.RestTestClient")) {
			return restTestClient(name);
		}
		if (type.getName().equals("org.springframework.test.web.reactive.server.WebTestClient")) {
			return webTestClient(name);
		}
		throw new IllegalArgumentException("@MtlsClient(\"" + name + "\") cannot provide a " + type.getName()
				+ "; use RestTestClient, WebTestClient, HttpClient, SSLContext or TestCertificate");
	}

}
