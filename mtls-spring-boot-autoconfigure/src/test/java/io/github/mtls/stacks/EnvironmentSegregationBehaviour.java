package io.github.mtls.stacks;

import java.net.http.HttpResponse;

import io.github.mtls.policy.AnchorPinning;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code application-prod.yml} / {@code application-nonprod.yml} pattern (test resources
 * {@code segregation/}), run as prod with real TLS and {@code client-auth=want}. The server's TLS
 * trust store holds both the prod and the non-prod client CA (a shared corporate store, or a CA
 * slipped in by a bundle reload after startup), so the handshake accepts both; the client trust
 * anchors ({@code mtls.trust.bundle}) hold the prod CA only, and prod pins it. A non-prod
 * certificate with the very same subject as a prod identity is then refused at request time, on
 * every web stack.
 */
@TestPropertySource(properties = "spring.config.additional-location=classpath:segregation/")
@ActiveProfiles("prod")
abstract class EnvironmentSegregationBehaviour {

	static final TestPki prod = TestPki.shared();

	static final TestCertificate nonProdCa = TestCertificate.authority("CN=Non-prod Client CA,O=Acme").build();

	static final TestCertificate orders = prod.client("CN=orders,O=Acme");

	static final TestCertificate nonProdOrders = TestCertificate.client("CN=orders,O=Acme").signedBy(nonProdCa).build();

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		prod.serverProperties(nonProdCa).forEach((key, value) -> registry.add(key, () -> value));
		registry.add("server.ssl.client-auth", () -> "want");
		registry.add("spring.ssl.bundle.pem.prod-clients.truststore.certificate", prod.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "prod-clients");
		registry.add("segregation.prod-ca-sha256", prod.root()::sha256);
		registry.add("segregation.nonprod-ca-sha256", nonProdCa::sha256);
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	final MtlsClients clients = prod.clients();

	@Test
	void prodProfilePinsTheProdAnchor() {
		assertThat(this.context.getBeansOfType(AnchorPinning.class)).hasSize(1);
	}

	@Test
	void prodCertificateAuthenticates() {
		HttpResponse<String> response = whoami(orders);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void nonProdCertificateWithAProdSubjectPassesTheHandshakeButIsRefusedAsUntrusted() {
		HttpResponse<String> response = whoami(nonProdOrders);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_untrusted\"");
	}

	@Test
	void nonProdCertificateIsRefusedOnEveryRequestOfAKeptAliveConnection() {
		var client = this.clients.httpClient(nonProdOrders);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = send(client);
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body()).contains("\"reason\":\"certificate_untrusted\"");
		}
	}

	@Test
	void requestWithoutCertificateIsRefusedUnderClientAuthWant() {
		HttpResponse<String> response = whoami(null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"reason\":\"no_client_certificate\"");
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return this.clients.get(client, "https://localhost:" + this.port + "/whoami");
	}

	private HttpResponse<String> send(java.net.http.HttpClient client) {
		try {
			return client.send(java.net.http.HttpRequest.newBuilder(
					java.net.URI.create("https://localhost:" + this.port + "/whoami")).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@ServletStack
	static class OnServlet extends EnvironmentSegregationBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends EnvironmentSegregationBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends EnvironmentSegregationBehaviour {

	}

}
