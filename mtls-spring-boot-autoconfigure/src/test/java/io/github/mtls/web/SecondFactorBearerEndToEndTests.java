package io.github.mtls.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.second-factor.required: bearer} end to end: a real Spring Security OAuth 2
 * authorization server on loopback authenticates clients at its token endpoint with
 * {@code tls_client_auth} and issues certificate-bound access tokens (RFC 8705); the API accepts
 * a token only with the very certificate it is bound to and only for the certificate's identity.
 */
@SpringBootTest(classes = { TestApplication.class, SecondFactorBearerEndToEndTests.TrustIssuer.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecondFactorBearerEndToEndTests {

	static final TestPki pki = TestPki.shared();

	/**
	 * Clients send their chain with an intermediate: Spring's authorization server takes a chain of
	 * one certificate for {@code self_signed_tls_client_auth}.
	 */
	static final TestCertificate issuingCa = TestCertificate.authority("CN=Bearer Issuing CA,O=Acme")
		.signedBy(pki.root())
		.certificateAuthority(0)
		.build();

	static final TestCertificate orders = TestCertificate.client("CN=bearer-orders,O=Acme").signedBy(issuingCa).build();

	static final TestCertificate ordersSecondCertificate = TestCertificate.client("CN=bearer-orders,O=Acme")
		.signedBy(issuingCa)
		.build();

	static final TestCertificate billing = TestCertificate.client("CN=bearer-billing,O=Acme").signedBy(issuingCa).build();

	static final MtlsClients clients = pki.clients();

	private static @Nullable ConfigurableApplicationContext issuer;

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", SecondFactorBearerEndToEndTests::issuerUri);
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> issuerUri() + "/oauth2/jwks");
		registry.add("mtls.second-factor.required", () -> "bearer");
		registry.add("mtls.second-factor.paths", () -> "/whoami");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.token-subject[0]", () -> "orders");
		registry.add("mtls.identities.orders.token-subject[1]", () -> "orders-unbound");
		registry.add("mtls.identities.orders.token-subject[2]", () -> "orders-expired");
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.billing.token-subject[0]", () -> "billing");
		registry.add("mtls.identities.billing.token-subject[1]", () -> "billing-batch");
	}

	/** The API fetches the issuer's keys over HTTPS and trusts the test PKI for it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TrustIssuer {

		@Bean
		JwkSetUriJwtDecoderBuilderCustomizer trustTestPki() {
			HttpClient http = HttpClient.newBuilder().sslContext(clients.sslContext(null)).build();
			return (builder) -> builder.restOperations(new RestTemplate(new JdkClientHttpRequestFactory(http)));
		}

	}

	/**
	 * The authorization server: clients authenticate with {@code tls_client_auth}; all but
	 * {@code orders-unbound} receive certificate-bound tokens. {@code billing-batch} is registered
	 * with the orders certificate, so the orders certificate can obtain a token bound to itself but
	 * issued to a subject of another identity.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Issuer {

		@Bean
		RegisteredClientRepository registeredClients() {
			return new InMemoryRegisteredClientRepository(client("orders", orders, true),
					client("orders-unbound", orders, false), client("orders-expired", orders, true),
					client("billing-batch", orders, true), client("billing", billing, true));
		}

		/** Tokens of {@code orders-expired} expired five minutes ago, beyond any clock-skew allowance. */
		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> expiredTokens() {
			return (context) -> {
				if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
						&& context.getRegisteredClient().getClientId().equals("orders-expired")) {
					Instant now = Instant.now();
					context.getClaims()
						.issuedAt(now.minus(Duration.ofMinutes(10)))
						.notBefore(now.minus(Duration.ofMinutes(10)))
						.expiresAt(now.minus(Duration.ofMinutes(5)));
				}
			};
		}

		private static RegisteredClient client(String id, TestCertificate certificate, boolean bound) {
			return RegisteredClient.withId(id)
				.clientId(id)
				.clientAuthenticationMethod(ClientAuthenticationMethod.TLS_CLIENT_AUTH)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("orders.read")
				.clientSettings(ClientSettings.builder()
					.x509CertificateSubjectDN(certificate.certificate().getSubjectX500Principal().getName())
					.build())
				.tokenSettings(TokenSettings.builder().x509CertificateBoundAccessTokens(bound).build())
				.build();
		}

	}

	static synchronized String issuerUri() {
		if (issuer == null) {
			SpringApplicationBuilder builder = new SpringApplicationBuilder(Issuer.class).web(WebApplicationType.SERVLET);
			pki.serverProperties().forEach((key, value) -> builder.properties(key + "=" + value));
			// The token endpoint authenticates clients by certificate; the key set is public.
			builder.properties("server.ssl.client-auth=want", "mtls.enabled=false", "spring.main.banner-mode=off");
			issuer = builder.run();
		}
		return "https://localhost:" + ((WebServerApplicationContext) issuer).getWebServer().getPort();
	}

	@AfterAll
	static void stopIssuer() {
		if (issuer != null) {
			issuer.close();
			issuer = null;
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void tokenBoundToTheCertificateAndIssuedToItsIdentityIsAccepted() {
		HttpResponse<String> response = whoami(orders, token(orders, "orders"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"", "\"FACTOR_BEARER\"",
				"\"SCOPE_orders.read\"");
	}

	@Test
	void tokenBoundToAnotherCertificateOfTheSameIdentityIsRefused() {
		HttpResponse<String> response = whoami(ordersSecondCertificate, token(orders, "orders"));
		assertRefused(response, 401, "token_certificate_mismatch");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
	}

	@Test
	void tokenPresentedWithAnotherIdentitysCertificateIsRefused() {
		assertRefused(whoami(billing, token(orders, "orders")), 401, "token_certificate_mismatch");
	}

	@Test
	void tokenWithoutCertificateBindingIsRefused() {
		assertRefused(whoami(orders, token(orders, "orders-unbound")), 401, "token_not_bound");
	}

	@Test
	void tokenIssuedToAnotherIdentitysSubjectIsRefused() {
		HttpResponse<String> response = whoami(orders, token(orders, "billing-batch"));
		assertRefused(response, 403, "token_identity_mismatch");
	}

	@Test
	void missingTokenIsRefusedWithABearerChallenge() {
		HttpResponse<String> response = whoami(orders, null);
		assertRefused(response, 401, "second_factor_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void expiredTokenIsRefused() {
		assertRefused(whoami(orders, token(orders, "orders-expired")), 401, "token_invalid");
	}

	@Test
	void tokenFromAnotherIssuerIsRefused() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair otherKey = generator.generateKeyPair();
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuerUri())
			.subject("orders")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.claim("cnf", Map.of("x5t#S256", io.github.mtls.factor.BoundTokenPolicy
				.thumbprint(io.github.mtls.identity.CertificateFacts.of(orders.certificate()))))
			.claim("scope", List.of("orders.read"))
			.build();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString()).build(),
				claims);
		forged.sign(new RSASSASigner((RSAPrivateKey) otherKey.getPrivate()));
		assertRefused(whoami(orders, forged.serialize()), 401, "token_invalid");
	}

	/**
	 * Issue 16: a token signed by the trusted issuer whose {@code cnf} has the wrong JSON type (a
	 * string cnf escaped Spring's thumbprint validator as a ClassCastException, a 500). Issued to an
	 * accepted subject, so only the malformed binding can refuse it. Signed here with the issuer's
	 * own key: its token endpoint will not issue such a claim.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedConfirmations")
	void signedTokenWhoseConfirmationClaimHasTheWrongTypeIsRefused(String name, Object cnf) throws Exception {
		assertRefused(whoami(orders, signedByIssuer("orders", cnf)), 401, "token_invalid");
	}

	static Stream<Arguments> malformedConfirmations() {
		String thumbprint = thumbprint(orders);
		return Stream.of(Arguments.of("string cnf", thumbprint), Arguments.of("number cnf", 42),
				Arguments.of("cnf with a numeric x5t#S256", Map.of("x5t#S256", 42)),
				Arguments.of("cnf with an object x5t#S256", Map.of("x5t#S256", Map.of("value", thumbprint))),
				Arguments.of("array cnf", List.of(Map.of("x5t#S256", thumbprint))));
	}

	@Test
	void tokenSignedHereWithTheIssuersKeyIsAcceptedWhenItsBindingIsWellFormed() throws Exception {
		assertThat(whoami(orders, signedByIssuer("orders", Map.of("x5t#S256", thumbprint(orders)))).statusCode())
			.isEqualTo(200);
	}

	/** A token with {@code cnf} signed with the issuer's own key, as its token endpoint signs. */
	private static String signedByIssuer(String subject, Object cnf) throws Exception {
		issuerUri();
		@SuppressWarnings("unchecked")
		JWKSource<SecurityContext> keys = issuer.getBean(JWKSource.class);
		RSAKey key = (RSAKey) keys.get(new JWKSelector(new JWKMatcher.Builder().keyType(KeyType.RSA).build()), null)
			.get(0);
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuerUri())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.claim("cnf", cnf)
			.claim("scope", List.of("orders.read"))
			.build();
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		token.sign(new RSASSASigner(key));
		return token.serialize();
	}

	@Test
	void malformedTokenIsRefused() {
		assertRefused(whoami(orders, "not-a-jwt"), 401, "token_invalid");
	}

	@Test
	void invalidTokenMovesTheCounterUnderTheCertificatesIdentity() {
		Counter before = this.meters.find("mtls.authentications").tags("identity", "orders", "reason", "token_invalid").counter();
		double counted = (before != null) ? before.count() : 0;
		assertRefused(whoami(orders, "not-a-jwt"), 401, "token_invalid");
		assertThat(this.meters.get("mtls.authentications").tags("identity", "orders", "reason", "token_invalid").counter().count())
			.isEqualTo(counted + 1);
	}

	@Test
	void pathsOutsideTheRequirementNeedTheCertificateAlone() {
		HttpResponse<String> response = send(orders, "/mdc", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"mtls.identity\":\"orders\"");
	}

	@Test
	void refusalNeverEchoesTheToken() {
		String token = token(orders, "orders");
		HttpResponse<String> response = whoami(ordersSecondCertificate, token);
		assertThat(response.body()).doesNotContain(token, token.substring(token.lastIndexOf('.') + 1));
	}

	static String thumbprint(TestCertificate certificate) {
		try {
			return io.github.mtls.factor.BoundTokenPolicy
				.thumbprint(io.github.mtls.identity.CertificateFacts.of(certificate.certificate()));
		}
		catch (java.security.cert.CertificateParsingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Obtains an access token from the issuer's token endpoint, authenticating with {@code certificate}. */
	static String token(TestCertificate certificate, String clientId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri() + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&scope=orders.read&client_id=" + clientId))
			.build();
		try {
			HttpResponse<String> response = clients.httpClient(certificate)
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
			assertThat(token.find()).isTrue();
			return token.group(1);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> whoami(TestCertificate client, @Nullable String token) {
		return send(client, "/whoami", token);
	}

	private HttpResponse<String> send(TestCertificate client, String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return clients.httpClient(client).send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
