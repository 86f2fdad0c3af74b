package io.github.mtls.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * HTTP clients that present a {@link TestCertificate} and trust only the test PKI: there is no
 * switch that turns verification off.
 */
public final class MtlsClients {

	private static final char[] PASSWORD = "test".toCharArray();

	private final TestCertificate trustedRoot;

	MtlsClients(TestCertificate trustedRoot) {
		this.trustedRoot = trustedRoot;
	}

	/**
	 * An {@link SSLContext} presenting {@code identity} ({@code null}: no certificate) and trusting
	 * only this PKI's root. The certificate is presented whatever CAs the server names in its
	 * request, so that a test sees the server's own verdict on it.
	 */
	public SSLContext sslContext(@Nullable TestCertificate identity) {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(this.trustedRoot.trustStore());
			KeyManager[] keys;
			if (identity != null) {
				keys = new KeyManager[] { new IdentityKeyManager(identity) };
			}
			else {
				KeyManagerFactory none = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				none.init(emptyKeyStore(), PASSWORD);
				keys = none.getKeyManagers();
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A JDK {@link HttpClient} presenting {@code identity} ({@code null}: no certificate). */
	public HttpClient httpClient(@Nullable TestCertificate identity) {
		return HttpClient.newBuilder()
			.sslContext(sslContext(identity))
			.connectTimeout(Duration.ofSeconds(10))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/** Sends a GET to {@code url} as {@code identity} and returns the response as a string. */
	public HttpResponse<String> get(@Nullable TestCertificate identity, String url) {
		return send(identity, HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build());
	}

	/**
	 * Sends a POST of {@code json} ({@code Content-Type: application/json}) to {@code url} as
	 * {@code identity} and returns the response as a string.
	 */
	public HttpResponse<String> post(@Nullable TestCertificate identity, String url, String json) {
		return send(identity, HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private HttpResponse<String> send(@Nullable TestCertificate identity, HttpRequest request) {
		try {
			return httpClient(identity).send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A Spring {@link RestTestClient} bound to {@code baseUrl} (for example
	 * {@code https://localhost:8443}) that presents {@code identity} ({@code null}: no certificate).
	 */
	public RestTestClient restTestClient(@Nullable TestCertificate identity, String baseUrl) {
		return bind(httpClient(identity), baseUrl);
	}

	static RestTestClient bind(HttpClient httpClient, String baseUrl) {
		return RestTestClient.bindToServer(new JdkClientHttpRequestFactory(httpClient)).baseUrl(baseUrl).build();
	}

	/**
	 * A Spring {@link org.springframework.test.web.reactive.server.WebTestClient} bound to
	 * {@code baseUrl} that presents {@code identity} ({@code null}: no certificate) over real TLS:
	 * the per-identity client of a WebFlux application's tests.
	 */
	public org.springframework.test.web.reactive.server.WebTestClient webTestClient(@Nullable TestCertificate identity,
			String baseUrl) {
		return ReactiveClients.bind(httpClient(identity), baseUrl);
	}

	/** WebFlux's client types, loaded only when a test asks for a {@code WebTestClient}. */
	static final class ReactiveClients {

		static org.springframework.test.web.reactive.server.WebTestClient bind(HttpClient httpClient, String baseUrl) {
			return org.springframework.test.web.reactive.server.WebTestClient
				.bindToServer(new org.springframework.http.client.reactive.JdkClientHttpConnector(httpClient))
				.baseUrl(baseUrl)
				.responseTimeout(Duration.ofSeconds(30))
				.build();
		}

	}

	private static KeyStore emptyKeyStore() throws GeneralSecurityException {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			return store;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
