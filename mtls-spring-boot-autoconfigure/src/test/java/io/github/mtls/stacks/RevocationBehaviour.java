package io.github.mtls.stacks;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import io.github.mtls.test.CrlEndpoint;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.OcspResponder;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation on both web stacks, against a real OCSP responder and CRL endpoint on loopback, fail
 * closed: the same statuses and reason codes. On WebFlux, BlockHound ({@link ReactiveStack}) fails
 * any test in which a request blocked an event loop, including while a slow (500 ms) responder is
 * fetched from.
 */
abstract class RevocationBehaviour {

	static final TestPki pki = TestPki.shared();

	static final Revocations revocations = Revocations.of(pki.root());

	/** Shared by both stacks' classes, so it lives as long as the test JVM. */
	static final OcspResponder ocsp = OcspResponder.start(revocations);

	static final String SUBJECT = "CN=revocation client,O=Acme";

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.client.subject-dn", () -> SUBJECT);
		registry.add("mtls.revocation.ocsp.timeout", () -> "5s");
		registry.add("mtls.revocation.crl.timeout", () -> "5s");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@AfterEach
	void reset() {
		ocsp.fault(null);
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
	void revokedCertificateByCrlIsRefused() {
		try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
			TestCertificate client = client((c) -> c.crlUrl(crl.url()));
			revocations.revoke(client);
			assertRefused(whoami(client), "certificate_revoked");
		}
	}

	@Test
	void responderThatIsDownNeverVouchesForACertificate() {
		ocsp.fault(ResponderFault.DOWN);
		assertRefused(whoami(client((c) -> c.ocspUrl(ocsp.url()))), "revocation_unknown");
	}

	@Test
	void requestsWaitingForASlowResponderShareOneFetchWhileOtherRequestsAreAnswered() throws Exception {
		ocsp.fault(ResponderFault.SLOW).slowDelay(Duration.ofMillis(500));
		TestCertificate client = client((c) -> c.ocspUrl(ocsp.url()));
		int before = ocsp.requests();
		List<CompletableFuture<HttpResponse<String>>> waiting = IntStream.range(0, 6)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> whoami(client)))
			.toList();
		// While the status is being fetched, other requests are decided (on WebFlux, by the same event loops).
		assertRefused(whoami(pki.client("CN=stranger,O=Acme")), "identity_not_pinned");
		for (CompletableFuture<HttpResponse<String>> response : waiting) {
			assertThat(response.get().statusCode()).isEqualTo(200);
			assertThat(response.get().body()).contains("\"identity\":\"client\"");
		}
		assertThat(ocsp.requests() - before).isEqualTo(1);
		// Now cached: answered in place.
		ocsp.fault(ResponderFault.DOWN);
		assertThat(whoami(client).statusCode()).isEqualTo(200);
	}

	static TestCertificate client(UnaryOperator<TestCertificate.Builder> customizer) {
		return pki.client(SUBJECT, customizer);
	}

	HttpResponse<String> whoami(TestCertificate client) {
		return this.clients.get(client, "https://localhost:" + this.port + "/whoami");
	}

	static void assertRefused(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	@ServletStack
	static class OnServlet extends RevocationBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends RevocationBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends RevocationBehaviour {

	}

}
