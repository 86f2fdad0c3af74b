package io.github.mtls.web;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.factor.BoundTokenPolicy;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.ClientSecrets;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token check against the certificate the pipeline authenticated, with Spring's own JWT
 * decoder and its default validators (including its certificate-thumbprint validator). In proxy
 * mode the servlet container has no client certificate: the forwarded one must still be the one
 * the binding is compared with.
 */
class BearerTokenAuthenticatorTests {

	static final TestCertificate orders = TestPki.shared().client("CN=bearer-unit-orders");

	static final TestCertificate other = TestPki.shared().client("CN=bearer-unit-orders");

	static final KeyPair issuerKey = rsa();

	final BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator(
			new JwtAuthenticationProvider(NimbusJwtDecoder.withPublicKey((RSAPublicKey) issuerKey.getPublic()).build()),
			new BoundTokenPolicy(true, "sub"), new JwtRejectedTokenClaims(),
			Clock.systemUTC());

	final MockHttpServletRequest request = new MockHttpServletRequest();

	@BeforeEach
	void bindRequest() {
		// As Boot's RequestContextFilter does before the security filter chain.
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
	}

	@AfterEach
	void unbindRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void forwardedCertificateIsTheOneTheTokenMustBeBoundTo() throws Exception {
		this.request.addHeader("Authorization", "Bearer " + token("orders", orders));
		SecondFactorAuthenticator.Outcome outcome = this.authenticator.authenticate(this.request, proxied(orders));
		assertThat(outcome).isInstanceOfSatisfying(SecondFactorAuthenticator.Outcome.Verified.class,
				(verified) -> assertThat(AuthorityUtils.authorityListToSet(verified.authorities()))
					.containsExactlyInAnyOrder("FACTOR_BEARER", "SCOPE_orders.read"));
		assertThat(this.request.getAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE)).isNull();
	}

	@Test
	void tokenBoundToAnotherForwardedCertificateIsACertificateMismatch() throws Exception {
		this.request.addHeader("Authorization", "Bearer " + token("orders", other));
		assertThat(reason(this.authenticator.authenticate(this.request, proxied(orders))))
			.isEqualTo("token_certificate_mismatch");
	}

	@Test
	void directModeComparesWithTheHandshakeCertificate() throws Exception {
		this.request.setAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE,
				new java.security.cert.X509Certificate[] { orders.certificate() });
		this.request.addHeader("Authorization", "Bearer " + token("orders", orders));
		assertThat(this.authenticator.authenticate(this.request, direct(orders)))
			.isInstanceOf(SecondFactorAuthenticator.Outcome.Verified.class);
		assertThat(this.request.getAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE)).isNotNull();
	}

	@Test
	void proxysOwnHandshakeCertificateIsNotTheOneCompared() throws Exception {
		java.security.cert.X509Certificate[] proxy = { other.certificate() };
		this.request.setAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE, proxy);
		this.request.addHeader("Authorization", "Bearer " + token("orders", orders));
		assertThat(this.authenticator.authenticate(this.request, proxied(orders)))
			.isInstanceOf(SecondFactorAuthenticator.Outcome.Verified.class);
		assertThat(this.request.getAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE)).isSameAs(proxy);
	}

	@Test
	void tokenConverterCannotGrantFactorAuthorities() throws Exception {
		this.request.addHeader("Authorization", "Bearer " + token("orders", orders));
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(
				NimbusJwtDecoder.withPublicKey((RSAPublicKey) issuerKey.getPublic()).build());
		provider.setJwtAuthenticationConverter((jwt) -> new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken(
				jwt, AuthorityUtils.createAuthorityList("FACTOR_PASSWORD", "FACTOR_X509", "ROLE_READER")));
		BearerTokenAuthenticator lenientConverter = new BearerTokenAuthenticator(provider,
				new BoundTokenPolicy(true, "sub"), new JwtRejectedTokenClaims(),
				Clock.systemUTC());
		assertThat(lenientConverter.authenticate(this.request, proxied(orders)))
			.isInstanceOfSatisfying(SecondFactorAuthenticator.Outcome.Verified.class,
					(verified) -> assertThat(AuthorityUtils.authorityListToSet(verified.authorities()))
						.containsExactlyInAnyOrder("FACTOR_BEARER", "ROLE_READER"));
	}

	@Test
	void requestWithoutBearerTokenHasNoSecondFactor() throws Exception {
		this.request.addHeader("Authorization", "Basic b3JkZXJzOnNlY3JldA==");
		assertThat(this.authenticator.authenticate(this.request, proxied(orders)))
			.isSameAs(SecondFactorAuthenticator.Outcome.ABSENT);
	}

	private static String token(String subject, TestCertificate boundTo) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.claim("scope", "orders.read")
			.claim("cnf", Map.of("x5t#S256", BoundTokenPolicy.thumbprint(CertificateFacts.of(boundTo.certificate()))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner((RSAPrivateKey) issuerKey.getPrivate()));
		return jwt.serialize();
	}

	private static MtlsAuthentication proxied(TestCertificate certificate) throws Exception {
		return authentication(certificate, CertificateOrigin.proxy("127.0.0.1"));
	}

	private static MtlsAuthentication direct(TestCertificate certificate) throws Exception {
		return authentication(certificate, CertificateOrigin.DIRECT);
	}

	private static MtlsAuthentication authentication(TestCertificate certificate, CertificateOrigin origin)
			throws Exception {
		Decision.Accepted decision = new Decision.Accepted(
				new ClientIdentity("orders", Map.of(), List.of(), Set.of("orders"), ClientSecrets.NONE),
				CertificateFacts.of(certificate.certificate()), origin);
		return new MtlsAuthentication(User.withUsername("orders").password("").build(), decision, List.of());
	}

	private static String reason(SecondFactorAuthenticator.Outcome outcome) {
		assertThat(outcome).isInstanceOf(SecondFactorAuthenticator.Outcome.Refused.class);
		return ((SecondFactorAuthenticator.Outcome.Refused) outcome).refusal().reason().code();
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
