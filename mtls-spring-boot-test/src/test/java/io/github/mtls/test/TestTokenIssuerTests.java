package io.github.mtls.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens of a {@link TestTokenIssuer}, verified with the JWK set it serves over HTTP. */
class TestTokenIssuerTests {

	static final TestPki pki = TestPki.shared();

	static final TestTokenIssuer issuer = TestTokenIssuer.start();

	static final TestCertificate orders = pki.client("CN=orders");

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void tokenIsSignedByTheKeyOfThePublishedJwkSet() throws Exception {
		SignedJWT token = SignedJWT.parse(issuer.token("orders-client", orders));
		ECKey key = (ECKey) jwkSet().getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(key).isNotNull();
		assertThat(key.isPrivate()).isFalse();
		assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
	}

	@Test
	void tokenNamesSubjectIssuerAndAShortExpiry() throws Exception {
		var claims = SignedJWT.parse(issuer.token("orders-client", orders)).getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo("orders-client");
		assertThat(claims.getIssuer()).isEqualTo(issuer.issuer()).startsWith("http://127.0.0.1:");
		assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now())
			.isBefore(Instant.now().plus(TestTokenIssuer.TOKEN_LIFETIME).plusSeconds(1));
	}

	@Test
	void tokenIsBoundToTheCertificatesSha256Thumbprint() throws Exception {
		var claims = SignedJWT.parse(issuer.token("orders-client", orders)).getJWTClaimsSet();
		String expected = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(orders.certificate().getEncoded()));
		assertThat(claims.getJSONObjectClaim("cnf")).isEqualTo(Map.of("x5t#S256", expected));
		assertThat(TestTokenIssuer.thumbprint(orders)).isEqualTo(expected).doesNotContain("=", "+", "/");
	}

	@Test
	void claimsCanBeOverriddenAndTheBindingLeftOut() throws Exception {
		Date past = Date.from(Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS));
		var claims = SignedJWT.parse(issuer.token("orders-client", null, (c) -> c.expirationTime(past)))
			.getJWTClaimsSet();
		assertThat(claims.getExpirationTime()).isEqualTo(past);
		assertThat(claims.getClaim("cnf")).isNull();
	}

	@Test
	void resourceServerPropertiesPointAtThisIssuer() {
		assertThat(issuer.resourceServerProperties()).containsEntry(
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri())
			.containsEntry("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer.issuer())
			.containsEntry("spring.security.oauth2.resourceserver.jwt.jws-algorithms", "ES256");
	}

	private static JWKSet jwkSet() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(issuer.jwkSetUri())).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
		return JWKSet.parse(response.body());
	}

}
