package io.github.mtls.revocation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.mtls.TestApplication;
import io.github.mtls.test.CrlEndpoint;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.OcspResponder;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation through real mTLS requests, against an OCSP responder and a CRL endpoint served over
 * real HTTP on loopback, with the default fail-closed policy and OCSP nonces on.
 */
@SpringBootTest(classes = { TestApplication.class, RevocationEndToEndTests.Clocks.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RevocationEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final Revocations revocations = Revocations.of(pki.root());

	static final OcspResponder ocsp = OcspResponder.start(revocations);

	static final String SUBJECT = "CN=revocation client,O=Acme";

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.client.subject-dn", () -> SUBJECT);
		registry.add("mtls.revocation.ocsp.nonce", () -> "true");
		registry.add("mtls.revocation.ocsp.timeout", () -> "5s");
		registry.add("mtls.revocation.crl.timeout", () -> "5s");
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

	@Autowired
	RevocationChecker checker;

	@Autowired
	MeterRegistry meters;

	final MtlsClients clients = pki.clients();

	@AfterEach
	void reset() {
		this.clock.set(Instant.now());
		ocsp.fault(null);
	}

	@AfterAll
	static void stop() {
		ocsp.close();
	}

	@Test
	void goodCertificateByOcspIsAccepted() {
		HttpResponse<String> response = whoami(client((c) -> c.ocspUrl(ocsp.url())));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"client\"");
	}

	@Test
	void revokedCertificateByOcspIsRefused() {
		TestCertificate client = client((c) -> c.ocspUrl(ocsp.url()));
		revocations.revoke(client);
		assertRefused(whoami(client), "certificate_revoked");
	}

	@Test
	void goodCertificateByCrlIsAccepted() {
		try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
			assertThat(whoami(client((c) -> c.crlUrl(crl.url()))).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void revokedCertificateByCrlIsRefused() {
		try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
			TestCertificate client = client((c) -> c.crlUrl(crl.url()));
			revocations.revoke(client);
			assertRefused(whoami(client), "certificate_revoked");
		}
	}

	@ParameterizedTest(name = "an OCSP responder that is {0} never vouches for a certificate")
	@EnumSource(ResponderFault.class)
	void faultyResponderNeverVouchesForACertificate(ResponderFault fault) {
		ocsp.fault(fault).slowDelay(Duration.ofSeconds(60));
		TestCertificate client = client((c) -> c.ocspUrl(ocsp.url()));
		int before = ocsp.requests();
		long started = System.nanoTime();
		HttpResponse<String> response = whoami(client);
		assertRefused(response, "revocation_unknown");
		assertThat(ocsp.requests()).isGreaterThan(before);
		// A responder that takes a minute holds the request no longer than ocsp.timeout (5s), plus the
		// handshake (generous: the test machine may be busy).
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
	}

	@ParameterizedTest(name = "a CRL endpoint that is {0} never vouches for a certificate")
	@EnumSource(value = ResponderFault.class, names = { "DOWN", "GARBAGE", "HUGE", "WRONG_SIGNER", "EXPIRED" })
	void faultyCrlEndpointNeverVouchesForACertificate(ResponderFault fault) {
		try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
			crl.fault(fault);
			assertRefused(whoami(client((c) -> c.crlUrl(crl.url()))), "revocation_unknown");
		}
	}

	@Test
	void crlIsTheFallbackWhenTheOcspResponderIsDown() {
		ocsp.fault(ResponderFault.DOWN);
		try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
			TestCertificate good = client((c) -> c.ocspUrl(ocsp.url()).crlUrl(crl.url()));
			TestCertificate revoked = client((c) -> c.ocspUrl(ocsp.url()).crlUrl(crl.url()));
			revocations.revoke(revoked);
			assertThat(whoami(good).statusCode()).isEqualTo(200);
			assertRefused(whoami(revoked), "certificate_revoked");
		}
	}

	@Test
	void responseSignedByADelegatedResponderIsAccepted() {
		TestCertificate delegate = TestCertificate.client("CN=OCSP responder")
			.extendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning)
			.signedBy(pki.root())
			.build();
		try (OcspResponder delegated = OcspResponder.start(revocations).signedBy(delegate)) {
			TestCertificate client = client((c) -> c.ocspUrl(delegated.url()));
			assertThat(whoami(client).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void responseSignedByAResponderWithoutTheOcspSigningUsageIsNotAccepted() {
		TestCertificate notDelegated = TestCertificate.client("CN=not a responder").signedBy(pki.root()).build();
		try (OcspResponder responder = OcspResponder.start(revocations).signedBy(notDelegated)) {
			assertRefused(whoami(client((c) -> c.ocspUrl(responder.url()))), "revocation_unknown");
		}
	}

	@Test
	void revokedIntermediateIsRefused() {
		TestCertificate intermediate = TestCertificate.authority("CN=Revocation Intermediate CA")
			.ocspUrl(ocsp.url())
			.signedBy(pki.root())
			.build();
		Revocations byIntermediate = Revocations.of(intermediate);
		try (OcspResponder intermediateOcsp = OcspResponder.start(byIntermediate)) {
			TestCertificate client = TestCertificate.client(SUBJECT)
				.ocspUrl(intermediateOcsp.url())
				.signedBy(intermediate)
				.build();
			assertThat(whoami(client).statusCode()).isEqualTo(200);
			revocations.revoke(intermediate);
			this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
			assertRefused(whoami(client), "certificate_revoked");
		}
	}

	@Test
	void certificateWithoutAnyRevocationSourceIsLetThroughAndCountedAsUnchecked() {
		long before = this.checker.checks(RevocationChecker.Source.NONE, RevocationChecker.Result.UNCHECKED);
		assertThat(whoami(client((c) -> c)).statusCode()).isEqualTo(200);
		assertThat(this.checker.checks(RevocationChecker.Source.NONE, RevocationChecker.Result.UNCHECKED))
			.isEqualTo(before + 1);
	}

	@Test
	void twoHundredConcurrentFirstRequestsCauseOneResponderHit() {
		try (OcspResponder responder = OcspResponder.start(revocations)) {
			responder.fault(ResponderFault.SLOW).slowDelay(Duration.ofMillis(300));
			TestCertificate client = client((c) -> c.ocspUrl(responder.url()));
			// Two hundred TLS handshakes at once on a small machine: a patient connect timeout.
			HttpClient http = HttpClient.newBuilder()
				.sslContext(this.clients.sslContext(client))
				.connectTimeout(Duration.ofSeconds(60))
				.version(HttpClient.Version.HTTP_1_1)
				.build();
			List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 200)
				.mapToObj((i) -> http.sendAsync(request().timeout(Duration.ofMinutes(2)).build(),
						HttpResponse.BodyHandlers.ofString()))
				.toList();
			assertThat(responses).allSatisfy((response) -> assertThat(response.join().statusCode())
				.as(response.join().body())
				.isEqualTo(200));
			assertThat(responder.requests()).isEqualTo(1);
		}
	}

	@Test
	void certificateRevokedAfterItsStatusWasCachedIsRefusedOnTheSameConnectionOnceMaxTtlHasPassed()
			throws Exception {
		TestCertificate client = client((c) -> c.ocspUrl(ocsp.url()));
		HttpClient keptAlive = this.clients.httpClient(client);
		assertThat(keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		revocations.revoke(client);
		assertThat(keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		assertRefused(keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString()), "certificate_revoked");
	}

	@Test
	void warmStatusIsRefreshedInTheBackgroundBeforeItExpires() throws Exception {
		try (OcspResponder responder = OcspResponder.start(revocations)) {
			TestCertificate client = client((c) -> c.ocspUrl(responder.url()));
			HttpClient keptAlive = this.clients.httpClient(client);
			assertThat(keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			revocations.revoke(client);
			this.clock.advance(Duration.ofMinutes(4));
			// Three quarters into max-ttl: the cached status answers, a refresh starts behind it.
			assertThat(keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			awaitRequests(responder, 2);
			HttpResponse<String> response = keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString());
			for (int i = 0; i < 100 && response.statusCode() == 200; i++) {
				Thread.sleep(20);
				response = keptAlive.send(request().build(), HttpResponse.BodyHandlers.ofString());
			}
			assertRefused(response, "certificate_revoked");
			assertThat(responder.requests()).isEqualTo(2);
		}
	}

	@Test
	void unchangedCrlIsRevalidatedWithAConditionalGetAndNotDownloadedAgain() {
		Revocations other = Revocations.of(pki.root());
		try (CrlEndpoint endpoint = CrlEndpoint.start(other)) {
			TestCertificate first = client((c) -> c.crlUrl(endpoint.url()));
			assertThat(whoami(first).statusCode()).isEqualTo(200);
			this.clock.advance(Duration.ofMinutes(6));
			TestCertificate second = client((c) -> c.crlUrl(endpoint.url()));
			assertThat(whoami(second).statusCode()).isEqualTo(200);
			assertThat(endpoint.requests()).isEqualTo(2);
			assertThat(endpoint.downloads()).isEqualTo(1);
		}
	}

	@Test
	void checksAreCountedByResultAndExposedToActuator() {
		TestCertificate client = client((c) -> c.ocspUrl(ocsp.url()));
		revocations.revoke(client);
		whoami(client);
		assertThat(this.meters.get("mtls.revocation.checks").tag("source", "ocsp").tag("result", "revoked")
			.functionCounter().count()).isPositive();
		assertThat(this.meters.get("cache.gets").tag("cache", "mtls.revocation.statuses").meters()).isNotEmpty();
		RevocationSnapshot snapshot = this.checker.snapshot();
		assertThat(snapshot.mode()).isEqualTo("ocsp-then-crl");
		assertThat(snapshot.failurePolicy()).isEqualTo("fail-closed");
		assertThat(snapshot.results().get("revoked")).isPositive();
		assertThat(snapshot.sources()).anySatisfy((source) -> {
			assertThat(source.kind()).isEqualTo("ocsp");
			assertThat(source.location()).isEqualTo(ocsp.url());
			assertThat(source.lastSuccess()).isNotNull();
		});
	}

	static TestCertificate client(java.util.function.UnaryOperator<TestCertificate.Builder> customizer) {
		return pki.client(SUBJECT, customizer);
	}

	private HttpRequest.Builder request() {
		return HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/whoami"))
			.timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return this.clients.get(client, "https://localhost:" + this.port + "/whoami");
	}

	static void awaitRequests(OcspResponder responder, int requests) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (responder.requests() < requests && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(responder.requests()).isGreaterThanOrEqualTo(requests);
	}

	static void assertRefused(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
