package io.github.mtls.revocation;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.time.Duration;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.OcspResponder;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stale-if-error: 1h} under fail-closed, with {@code require-source: true}: the last verified
 * status keeps serving for an hour past its expiry while the responder is down, then the request is
 * refused; a certificate without any source is refused.
 */
@SpringBootTest(classes = { TestApplication.class, RevocationStaleIfErrorTests.Clocks.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RevocationStaleIfErrorTests {

	static final TestPki pki = TestPki.shared();

	static final Revocations revocations = Revocations.of(pki.root());

	static final OcspResponder ocsp = OcspResponder.start(revocations);

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.client.subject-dn", () -> "CN=stale client");
		registry.add("mtls.revocation.stale-if-error", () -> "1h");
		registry.add("mtls.revocation.require-source", () -> "true");
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		TestClock clock() {
			return TestClock.now();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	final MtlsClients clients = pki.clients();

	@AfterAll
	static void stop() {
		ocsp.close();
	}

	@Test
	void lastVerifiedStatusServesForStaleIfErrorWhileTheResponderIsDownThenTheRequestIsRefused() throws Exception {
		TestCertificate client = pki.client("CN=stale client", (c) -> c.ocspUrl(ocsp.url()).validFor(Duration.ofDays(3)));
		HttpClient http = this.clients.httpClient(client);
		assertThat(send(http).statusCode()).isEqualTo(200);
		ocsp.fault(ResponderFault.DOWN);
		try {
			this.clock.advance(Duration.ofMinutes(30));
			assertThat(send(http).statusCode()).isEqualTo(200);
			this.clock.advance(Duration.ofMinutes(40));
			HttpResponse<String> refused = send(http);
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("\"reason\":\"revocation_unknown\"");
		}
		finally {
			ocsp.fault(null);
		}
	}

	@Test
	void certificateWithoutAnyRevocationSourceIsRefusedWhenASourceIsRequired() {
		HttpResponse<String> response = this.clients.get(pki.client("CN=stale client"),
				"https://localhost:" + this.port + "/whoami");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"revocation_unknown\"");
	}

	private HttpResponse<String> send(HttpClient http) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/whoami"))
			.timeout(Duration.ofSeconds(60))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
