package io.github.mtls.stacks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.second-factor.required: secret} on both web stacks: the identity's own secret over
 * HTTP Basic, a SHA-256 digest for one identity and a bcrypt hash for the other (on WebFlux hashed
 * off the event loop, which BlockHound watches). One client's secret never works with another
 * client's certificate, whatever user name it is sent under.
 */
abstract class SecretFactorBehaviour {

	static final TestPki pki = TestPki.shared();

	static final String ORDERS = "orders-secret-0123456789abcdef";

	static final String BILLING = "billing-secret-fedcba9876543210";

	static final TestCertificate orders = pki.client("CN=secret orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=secret billing,O=Acme");

	static final String CHALLENGE = "Basic realm=\"mtls\", charset=\"UTF-8\"";

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.second-factor.required", () -> "secret");
		registry.add("mtls.second-factor.paths", () -> "/whoami");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.secret-sha256", () -> sha256(ORDERS));
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.billing.secret", () -> "{bcrypt}" + new BCryptPasswordEncoder(10).encode(BILLING));
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Test
	void identitysSecretAddsThePasswordFactor() {
		HttpResponse<String> response = whoami(orders, basic("orders", ORDERS));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"", "\"FACTOR_PASSWORD\"");
	}

	@Test
	void bcryptSecretAuthenticatesItsIdentity() {
		HttpResponse<String> response = whoami(billing, basic("billing", BILLING));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"billing\"", "\"FACTOR_PASSWORD\"");
	}

	@Test
	void certificateAloneIsRefusedWithABasicChallenge() {
		HttpResponse<String> response = whoami(orders, null);
		assertRefused(response, 401, "second_factor_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
	}

	@Test
	void wrongSecretIsRefusedWithoutEchoingIt() {
		HttpResponse<String> response = whoami(orders, basic("orders", "wrong " + ORDERS));
		assertRefused(response, 401, "secret_invalid");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
		assertThat(response.body()).doesNotContain(ORDERS);
	}

	@Test
	void anotherIdentitysSecretUnderItsOwnNameIsRefused() {
		assertRefused(whoami(orders, basic("billing", BILLING)), 401, "secret_invalid");
	}

	@Test
	void anotherIdentitysSecretUnderTheCertificatesNameIsRefused() {
		assertRefused(whoami(orders, basic("orders", BILLING)), 401, "secret_invalid");
		assertRefused(whoami(billing, basic("billing", ORDERS)), 401, "secret_invalid");
	}

	@Test
	void malformedBasicCredentialsAreRefused() {
		assertRefused(whoami(orders, "Basic %%%"), 401, "secret_invalid");
	}

	@Test
	void pathsOutsideTheRequirementNeedTheCertificateAlone() {
		assertThat(get(orders, "/actuator/health", null).statusCode()).isEqualTo(200);
	}

	HttpResponse<String> whoami(TestCertificate client, @Nullable String authorization) {
		return get(client, "/whoami", authorization);
	}

	HttpResponse<String> get(TestCertificate client, String path, @Nullable String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return this.clients.httpClient(client).send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain("\"identity\"");
	}

	static String basic(String user, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@ServletStack
	static class OnServlet extends SecretFactorBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends SecretFactorBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends SecretFactorBehaviour {

	}

}
