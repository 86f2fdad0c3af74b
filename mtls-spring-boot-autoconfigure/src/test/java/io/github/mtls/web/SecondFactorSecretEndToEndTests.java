package io.github.mtls.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.second-factor.required: secret} over real TLS: the certificate's identity must also
 * present its own client secret as HTTP Basic, on the paths that require it.
 */
@SpringBootTest(classes = { TestApplication.class, SecondFactorSecretEndToEndTests.Counting.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecondFactorSecretEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=secret-orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=secret-billing,O=Acme");

	static final TestCertificate billingOnKeepAlive = pki.client("CN=secret-billing,O=Acme");

	static final TestCertificate billingOnExpiry = pki.client("CN=secret-billing,O=Acme");

	static final TestCertificate unpinned = pki.client("CN=secret-stranger,O=Acme");

	static final String ORDERS_PREVIOUS = "b3JkZXJzLXByZXZpb3VzLXNlY3JldC0xMjM0NTY3OA";

	static final String ORDERS_CURRENT = "b3JkZXJzLWN1cnJlbnQtc2VjcmV0LTg3NjU0MzIxMDk";

	static final String BILLING = "correct horse battery staple";

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.second-factor.required", () -> "secret");
		registry.add("mtls.second-factor.paths", () -> "/whoami");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.secret-sha256[0]", () -> sha256(ORDERS_PREVIOUS));
		registry.add("mtls.identities.orders.secret-sha256[1]", () -> sha256(ORDERS_CURRENT).toUpperCase());
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.billing.secret", () -> "{bcrypt}" + new BCryptPasswordEncoder(10).encode(BILLING));
	}

	@TestConfiguration
	static class Counting {

		static final AtomicInteger hashes = new AtomicInteger();

		@Bean
		TestClock clock() {
			return TestClock.now();
		}

		/** The application's PasswordEncoder verifies {id} hashes; this one counts the slow hashes. */
		@Bean
		PasswordEncoder countingPasswordEncoder() {
			PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();
			return new PasswordEncoder() {

				@Override
				public String encode(CharSequence rawPassword) {
					return delegate.encode(rawPassword);
				}

				@Override
				public boolean matches(CharSequence rawPassword, String encodedPassword) {
					hashes.incrementAndGet();
					return delegate.matches(rawPassword, encodedPassword);
				}

			};
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	MeterRegistry meters;

	final MtlsClients clients = pki.clients();

	@Test
	void currentSecretOfTheIdentityAddsThePasswordFactor() {
		HttpResponse<String> response = whoami(orders, basic("orders", ORDERS_CURRENT));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"", "\"FACTOR_PASSWORD\"");
	}

	@Test
	void previousSecretStillWorksDuringRotation() {
		HttpResponse<String> response = whoami(orders, basic("orders", ORDERS_PREVIOUS));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_PASSWORD\"");
	}

	@Test
	void bcryptSecretAuthenticatesItsIdentity() {
		HttpResponse<String> response = whoami(billing, basic("billing", BILLING));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"billing\"", "\"FACTOR_PASSWORD\"");
	}

	@Test
	void wrongSecretIsRefused() {
		HttpResponse<String> response = whoami(orders, basic("orders", ORDERS_CURRENT + "x"));
		assertRefused(response, 401, "secret_invalid");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mtls\", charset=\"UTF-8\"");
		assertThat(response.body()).doesNotContain(ORDERS_CURRENT);
	}

	@Test
	void wrongSecretIsCountedAndLoggedOnceUnderTheCertificatesIdentity(CapturedOutput output) {
		Counter before = this.meters.find("mtls.authentications").tags("identity", "orders", "reason", "secret_invalid").counter();
		double counted = (before != null) ? before.count() : 0;
		assertRefused(whoami(orders, basic("orders", "wrong " + ORDERS_CURRENT)), 401, "secret_invalid");
		assertThat(this.meters.get("mtls.authentications").tags("identity", "orders", "reason", "secret_invalid").counter().count())
			.isEqualTo(counted + 1);
		assertThat(output.getOut().lines().filter((line) -> line.contains("mTLS refused secret_invalid:")
				&& line.contains("sha256 " + orders.sha256()))).hasSize(1);
	}

	@Test
	void missingSecretIsRefusedWithABasicChallenge() {
		HttpResponse<String> response = whoami(orders, null);
		assertRefused(response, 401, "second_factor_missing");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mtls\", charset=\"UTF-8\"");
	}

	@Test
	void anotherIdentitysSecretUnderItsOwnNameIsRefused() {
		assertRefused(whoami(orders, basic("billing", BILLING)), 401, "secret_invalid");
	}

	@Test
	void anotherIdentitysSecretUnderTheCertificatesNameIsRefused() {
		assertRefused(whoami(orders, basic("orders", BILLING)), 401, "secret_invalid");
		assertRefused(whoami(billing, basic("billing", ORDERS_CURRENT)), 401, "secret_invalid");
	}

	@Test
	void pathsOutsideTheRequirementNeedTheCertificateAlone() {
		HttpResponse<String> response = send(this.clients.httpClient(orders), "/mdc", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"mtls.identity\":\"orders\"").doesNotContain("mtls.second-factor");
	}

	@Test
	void verifiedFactorIsInTheLoggingContext() {
		HttpResponse<String> response = send(this.clients.httpClient(orders), "/mdc", basic("orders", ORDERS_CURRENT));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"mtls.second-factor\":\"FACTOR_PASSWORD\"");
	}

	@Test
	void certificateRefusalComesBeforeTheSecondFactor() {
		assertRefused(whoami(unpinned, basic("orders", ORDERS_CURRENT)), 403, "identity_not_pinned");
	}

	@Test
	void bcryptSecretIsHashedOncePerKeepAliveConnection() {
		HttpClient connection = this.clients.httpClient(billingOnKeepAlive);
		int before = Counting.hashes.get();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = send(connection, "/whoami", basic("billing", BILLING));
			assertThat(response.statusCode()).isEqualTo(200);
		}
		assertThat(Counting.hashes.get() - before).isEqualTo(1);
	}

	@Test
	void wrongBcryptSecretIsHashedEveryTimeAndNeverRemembered() {
		HttpClient connection = this.clients.httpClient(billingOnKeepAlive);
		int before = Counting.hashes.get();
		for (int i = 0; i < 3; i++) {
			assertRefused(send(connection, "/whoami", basic("billing", "wrong " + BILLING)), 401, "secret_invalid");
		}
		assertThat(Counting.hashes.get() - before).isEqualTo(3);
	}

	@Test
	void rememberedVerificationExpiresAfterItsTimeToLive() {
		HttpClient connection = this.clients.httpClient(billingOnExpiry);
		int before = Counting.hashes.get();
		assertThat(send(connection, "/whoami", basic("billing", BILLING)).statusCode()).isEqualTo(200);
		assertThat(send(connection, "/whoami", basic("billing", BILLING)).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(6));
		try {
			assertThat(send(connection, "/whoami", basic("billing", BILLING)).statusCode()).isEqualTo(200);
		}
		finally {
			this.clock.advance(Duration.ofMinutes(-6));
		}
		assertThat(Counting.hashes.get() - before).isEqualTo(2);
	}

	private HttpResponse<String> whoami(TestCertificate client, @Nullable String authorization) {
		return send(this.clients.httpClient(client), "/whoami", authorization);
	}

	private HttpResponse<String> send(HttpClient client, String path, @Nullable String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String basic(String user, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
