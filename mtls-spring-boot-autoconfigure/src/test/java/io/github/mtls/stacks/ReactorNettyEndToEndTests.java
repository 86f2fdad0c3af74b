package io.github.mtls.stacks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.mtls.stacks.reactive.ReactiveTestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What only the reactive stack needs proving: client certificates over HTTP/2 on Reactor Netty,
 * that a WebFlux application with the starter never gets Boot's generated user and Basic challenge,
 * and that the BlockHound extension the shared suite relies on does catch a blocked event loop.
 * The server asks for a certificate without requiring it ({@code client-auth=want}), so that a
 * request without one reaches the application.
 */
@ReactiveStack(classes = { ReactiveTestApplication.class, ReactorNettyEndToEndTests.Blocking.class })
class ReactorNettyEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=netty orders,O=Acme");

	static final TestCertificate stranger = pki.client("CN=netty stranger,O=Acme");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("server.ssl.client-auth", () -> "want");
		registry.add("server.http2.enabled", () -> "true");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Blocking {

		/** A handler that blocks the event loop it runs on: the mistake BlockHound must catch. */
		@Bean
		RouterFunction<ServerResponse> blocking() {
			return RouterFunctions.route().GET("/blocking", (request) -> {
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return ServerResponse.ok().bodyValue("slept");
			}).build();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	final MtlsClients clients = pki.clients();

	@Test
	void pinnedClientOverHttp2IsAuthenticatedAsItsIdentity() throws Exception {
		HttpResponse<String> response = http2(orders, "/whoami");
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"");
	}

	@Test
	void unpinnedClientOverHttp2IsRefusedWithItsReason() throws Exception {
		HttpResponse<String> response = http2(stranger, "/whoami");
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

	@Test
	void requestWithoutCertificateIsAProblemAndNeverABasicChallenge() {
		HttpResponse<String> response = this.clients.get(null, url("/whoami"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"reason\":\"no_client_certificate\"");
	}

	@Test
	void bootsGeneratedUserIsNeverCreated() {
		assertThat(this.context.getBeansOfType(MapReactiveUserDetailsService.class)).isEmpty();
	}

	@Test
	void blockingCallOnAnEventLoopFailsTheTest() {
		assertThat(this.clients.get(orders, url("/blocking")).body()).isEqualTo("slept");
		// What the extension does after each test, called here so that this test sees it fail.
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> new NonBlockingEventLoops().afterEach(null))
			.withMessageContaining("Thread.sleep")
			.withMessageContaining("webflux-http");
	}

	private HttpResponse<String> http2(TestCertificate client, String path) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.sslContext(this.clients.sslContext(client))
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "https://localhost:" + this.port + path;
	}

}
