package io.github.mtls.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.factor.IdentitySecrets;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.ClientSecrets;
import io.github.mtls.test.TestPki;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;

/** How a client secret is read from a request, as HTTP Basic or as an API-key header. */
class ClientSecretAuthenticatorTests {

	static final String SECRET = "s3cr3t-generated-value";

	static final MtlsAuthentication orders = authentication("orders");

	static final IdentitySecrets secrets = new IdentitySecrets(PasswordEncoderFactories.createDelegatingPasswordEncoder(), Duration.ZERO, Clock.systemUTC());

	@ParameterizedTest(name = "Basic {0} -> {1}")
	@CsvSource(nullValues = "null", value = { "orders:" + SECRET + ", verified", "ORDERS:" + SECRET + ", secret_invalid",
			"orders:wrong, secret_invalid", "billing:" + SECRET + ", secret_invalid", "orders, secret_invalid",
			"null, absent" })
	void basicCredentialsAreTheIdentitysNameAndSecret(@Nullable String credentials, String outcome) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		if (credentials != null) {
			request.addHeader("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		assertThat(describe(new ClientSecretAuthenticator(secrets, null, Clock.systemUTC()).authenticate(request, orders)))
			.isEqualTo(outcome);
	}

	@ParameterizedTest(name = "{0}: {1} -> {2}")
	@CsvSource(nullValues = "null", value = { "X-Api-Key, " + SECRET + ", verified", "X-Api-Key, wrong, secret_invalid",
			"null, null, absent" })
	void apiKeyHeaderCarriesTheSecretAlone(@Nullable String header, @Nullable String value, String outcome) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		if (header != null) {
			request.addHeader(header, value);
		}
		// Basic credentials are not read when an API-key header is configured.
		request.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(("orders:" + SECRET).getBytes()));
		assertThat(describe(new ClientSecretAuthenticator(secrets, "X-Api-Key", Clock.systemUTC()).authenticate(request,
				orders)))
			.isEqualTo(outcome);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "Basic !!!, secret_invalid", "Bearer abc, absent", "basic " + "b3JkZXJzOnMzY3IzdC1nZW5lcmF0ZWQtdmFsdWU=, verified" })
	void otherAuthorizationHeadersAreMalformedOrNotASecret(String authorization, String outcome) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", authorization);
		assertThat(describe(new ClientSecretAuthenticator(secrets, null, Clock.systemUTC()).authenticate(request, orders)))
			.isEqualTo(outcome);
	}

	private static String describe(SecondFactorAuthenticator.Outcome outcome) {
		if (outcome instanceof SecondFactorAuthenticator.Outcome.Refused refused) {
			assertThat(refused.refusal().detail()).doesNotContain(SECRET);
			return refused.refusal().reason().code();
		}
		if (outcome instanceof SecondFactorAuthenticator.Outcome.Verified verified) {
			assertThat(AuthorityUtils.authorityListToSet(verified.authorities())).containsExactly("FACTOR_PASSWORD");
			return "verified";
		}
		return "absent";
	}

	private static MtlsAuthentication authentication(String identity) {
		try {
			CertificateFacts facts = CertificateFacts.of(TestPki.shared().client("CN=" + identity).certificate());
			Decision.Accepted decision = new Decision.Accepted(new ClientIdentity(identity, Map.of(), List.of(), Set.of(),
					new ClientSecrets(List.of(sha256(SECRET)), List.of())), facts,
					CertificateOrigin.DIRECT);
			return new MtlsAuthentication(User.withUsername(identity).password("").build(), decision, List.of());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sha256(String secret) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
