package io.github.mtls.stacks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;

import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TestTokenIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.second-factor.required: bearer} on both web stacks: certificate-bound access tokens
 * (RFC 8705) from a real JWK-set issuer on loopback, validated by Spring Security's resource server
 * (a {@code JwtDecoder} on the servlet side, a {@code ReactiveJwtDecoder} on WebFlux), then bound to
 * the request's certificate and identity by the same rules. Each refusal is an attack: a stolen
 * token from another certificate, an unbound token, another identity's token, an expired, forged or
 * garbled one; the same statuses, reason codes and challenges on both stacks.
 */
abstract class SecondFactorBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestTokenIssuer issuer = TestTokenIssuer.start();

	/** Signs with its own key: its tokens say the right issuer but fail the signature. */
	static final TestTokenIssuer forger = TestTokenIssuer.start();

	static final TestCertificate orders = pki.client("CN=factor orders,O=Acme");

	static final TestCertificate ordersOtherCertificate = pki.client("CN=factor orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=factor billing,O=Acme");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		issuer.resourceServerProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.second-factor.required", () -> "bearer");
		registry.add("mtls.second-factor.paths", () -> "/whoami");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.token-subject", () -> "orders");
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.billing.token-subject", () -> "billing");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Test
	void tokenBoundToTheCertificateAddsTheBearerFactor() {
		HttpResponse<String> response = whoami(orders, issuer.token("orders", orders));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"", "\"FACTOR_BEARER\"");
	}

	@Test
	void certificateAloneIsRefusedWithABearerChallenge() {
		HttpResponse<String> response = whoami(orders, null);
		assertRefused(response, 401, "second_factor_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void tokenStolenFromAnotherCertificateOfTheSameIdentityIsRefused() {
		HttpResponse<String> response = whoami(orders, issuer.token("orders", ordersOtherCertificate));
		assertRefused(response, 401, "token_certificate_mismatch");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
	}

	@Test
	void unboundTokenIsRefused() {
		assertRefused(whoami(orders, issuer.token("orders", null, (claims) -> claims)), 401, "token_not_bound");
	}

	@Test
	void anotherIdentitysTokenBoundToThisCertificateIsRefused() {
		HttpResponse<String> response = whoami(orders, issuer.token("billing", orders));
		assertRefused(response, 403, "token_identity_mismatch");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void expiredTokenIsRefused() {
		String expired = issuer.token("orders", orders, (claims) -> claims
			.issueTime(Date.from(Instant.now().minusSeconds(3600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(1800))));
		assertRefused(whoami(orders, expired), 401, "token_invalid");
	}

	@Test
	void tokenSignedByAnotherKeyIsRefused() {
		String forged = forger.token("orders", orders, (claims) -> claims.issuer(issuer.issuer()));
		assertRefused(whoami(orders, forged), 401, "token_invalid");
	}

	@Test
	void garbledTokenIsRefusedWithoutInternals() {
		HttpResponse<String> response = whoami(orders, "not.a.jwt");
		assertRefused(response, 401, "token_invalid");
		assertThat(response.body()).doesNotContain("not.a.jwt", "Exception");
	}

	@Test
	void tokenOnAPathOutsideTheRequirementStillCountsButIsNotNeeded() {
		assertThat(get(orders, "/actuator/health", null).statusCode()).isEqualTo(200);
		assertRefused(get(orders, "/actuator/health", issuer.token("billing", orders)), 403,
				"token_identity_mismatch");
	}

	@Test
	void tokenWithoutAnAcceptedCertificateGetsTheCertificatesRefusal() {
		TestCertificate stranger = pki.client("CN=factor stranger,O=Acme");
		assertRefused(whoami(stranger, issuer.token("orders", stranger)), 403, "identity_not_pinned");
	}

	HttpResponse<String> whoami(TestCertificate client, @Nullable String token) {
		return get(client, "/whoami", token);
	}

	HttpResponse<String> get(TestCertificate client, String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
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

	@ServletStack
	static class OnServlet extends SecondFactorBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends SecondFactorBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends SecondFactorBehaviour {

	}

}
