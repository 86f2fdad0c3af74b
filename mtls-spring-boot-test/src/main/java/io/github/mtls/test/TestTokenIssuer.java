package io.github.mtls.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2 token issuer for tests of {@code mtls.second-factor.required: bearer}: it mints JWT
 * access tokens signed with its own P-256 key (ES256) and bound to a {@link TestCertificate} by
 * {@code cnf.x5t#S256} (RFC 8705), and serves its public key as a JWK set over real HTTP on
 * loopback, where Spring Boot's resource server fetches it
 * ({@link #resourceServerProperties()}).
 *
 * <pre>{@code
 * static final TestTokenIssuer issuer = TestTokenIssuer.start();
 *
 * @DynamicPropertySource
 * static void resourceServer(DynamicPropertyRegistry registry) {
 *     issuer.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
 * }
 *
 * String token = issuer.token("orders-client", identities.certificate("orders"));
 * }</pre>
 *
 * Needs Nimbus JOSE on the test class path, which
 * {@code spring-boot-starter-security-oauth2-resource-server} brings.
 */
public final class TestTokenIssuer extends LoopbackServer {

	/** Lifetime of a minted token unless the claims say otherwise. */
	public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

	private final ECKey key;

	private final byte[] jwkSet;

	private TestTokenIssuer() {
		super("/jwks");
		try {
			this.key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate the issuer's key", ex);
		}
		this.jwkSet = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Starts an issuer with a new key, its JWK set served on a free loopback port. */
	public static TestTokenIssuer start() {
		return new TestTokenIssuer();
	}

	/** The issuer ({@code iss}) of every token: {@code http://127.0.0.1:<port>}. */
	public String issuer() {
		return url("");
	}

	/** Where the issuer's public key is published as a JWK set. */
	public String jwkSetUri() {
		return url();
	}

	/**
	 * Spring Boot's resource-server properties that make the application accept this issuer's
	 * tokens, and only them: {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri},
	 * {@code issuer-uri} (checked against {@code iss}; no discovery request is made when the JWK
	 * set URI is given) and {@code jws-algorithms} ({@code ES256}; Boot expects RS256 otherwise).
	 */
	public Map<String, String> resourceServerProperties() {
		String prefix = "spring.security.oauth2.resourceserver.jwt.";
		return Map.of(prefix + "jwk-set-uri", jwkSetUri(), prefix + "issuer-uri", issuer(),
				prefix + "jws-algorithms", JWSAlgorithm.ES256.getName());
	}

	/**
	 * An access token for {@code subject} bound to {@code certificate}, valid for
	 * {@link #TOKEN_LIFETIME}.
	 */
	public String token(String subject, TestCertificate certificate) {
		return token(subject, certificate, UnaryOperator.identity());
	}

	/**
	 * An access token for {@code subject}, bound to {@code certificate} unless it is {@code null},
	 * with further claims set or overridden by {@code claims} (an expiry in the past, a scope, ...).
	 */
	public String token(String subject, @Nullable TestCertificate certificate,
			UnaryOperator<JWTClaimsSet.Builder> claims) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
			.jwtID(UUID.randomUUID().toString());
		if (certificate != null) {
			builder.claim("cnf", Map.of("x5t#S256", thumbprint(certificate)));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build(),
				claims.apply(builder).build());
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the token", ex);
		}
		return jwt.serialize();
	}

	/**
	 * The certificate thumbprint of RFC 8705 section 3.1: the base64url (unpadded) SHA-256 of the
	 * certificate's DER encoding, the value of {@code cnf.x5t#S256}.
	 */
	public static String thumbprint(TestCertificate certificate) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(TestCertificate.digest(TestCertificate.encoded(certificate.certificate())));
	}

	@Override
	String contentType() {
		return "application/jwk-set+json";
	}

	@Override
	void answer(HttpExchange exchange, byte[] request, @Nullable ResponderFault fault) throws IOException {
		send(exchange, 200, contentType(), this.jwkSet);
	}

}
