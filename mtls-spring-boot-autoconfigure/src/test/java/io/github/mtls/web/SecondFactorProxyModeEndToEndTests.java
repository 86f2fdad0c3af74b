package io.github.mtls.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both factors through a real nginx terminating mTLS in front of the application: the token's
 * binding is checked against the certificate nginx forwarded, not against any handshake of the
 * application's own.
 */
@SpringBootTest(classes = { TestApplication.class, SecondFactorBearerEndToEndTests.TrustIssuer.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecondFactorProxyModeEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = SecondFactorBearerEndToEndTests.orders;

	static final TestCertificate ordersSecondCertificate = SecondFactorBearerEndToEndTests.ordersSecondCertificate;

	static final MtlsClients clients = pki.clients();

	static @Nullable TlsTerminatingProxy nginx;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		// nginx forwards the leaf alone: its issuing CA is a trust anchor for the re-validation.
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate",
				() -> pki.root().certificatePem() + SecondFactorBearerEndToEndTests.issuingCa.certificatePem());
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", SecondFactorBearerEndToEndTests::issuerUri);
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				() -> SecondFactorBearerEndToEndTests.issuerUri() + "/oauth2/jwks");
		registry.add("mtls.second-factor.required", () -> "bearer");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.token-subject", () -> "orders");
	}

	@LocalServerPort
	int port;

	@BeforeEach
	void startProxy() {
		if (nginx == null) {
			nginx = TlsTerminatingProxy.nginx(pki, this.port).header("X-SSL-Client-Cert", "$ssl_client_escaped_cert").start();
		}
	}

	@AfterAll
	static void stop() {
		if (nginx != null) {
			nginx.close();
			nginx = null;
		}
		SecondFactorBearerEndToEndTests.stopIssuer();
	}

	@Test
	void tokenBoundToTheForwardedCertificateIsAccepted() {
		HttpResponse<String> response = whoami(orders, SecondFactorBearerEndToEndTests.token(orders, "orders"));
		assertThat(response.statusCode()).as(nginx.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"", "\"FACTOR_BEARER\"");
	}

	@Test
	void tokenBoundToAnotherForwardedCertificateIsRefused() {
		HttpResponse<String> response = whoami(ordersSecondCertificate,
				SecondFactorBearerEndToEndTests.token(orders, "orders"));
		SecondFactorBearerEndToEndTests.assertRefused(response, 401, "token_certificate_mismatch");
	}

	@Test
	void missingTokenBehindTheProxyIsRefused() {
		SecondFactorBearerEndToEndTests.assertRefused(whoami(orders, null), 401, "second_factor_missing");
	}

	private HttpResponse<String> whoami(TestCertificate client, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nginx.url("/whoami")))
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

}
