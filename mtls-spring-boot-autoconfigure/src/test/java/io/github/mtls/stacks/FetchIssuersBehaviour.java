package io.github.mtls.stacks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.mtls.test.CaIssuersEndpoint;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.trust.fetch-issuers} on both web stacks: a proxy forwards only the client's leaf, the
 * application trusts and pins the root only and holds no intermediate, and each client's issuing CA
 * is served at the caIssuers URL of its certificate by a real HTTP server on loopback. On WebFlux a
 * request waiting for an issuer never blocks an event loop (BlockHound), even from a slow server.
 */
abstract class FetchIssuersBehaviour {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = TestCertificate.authority("CN=Fetched Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate foreignCa = TestCertificate.authority("CN=Fetched Foreign CA,O=Acme")
		.signedBy(TestCertificate.authority("CN=Foreign Root,O=Acme").build())
		.build();

	// Shared by every stack's class, so they live as long as the test JVM; each application has its
	// own cache of fetched issuers, so the tests count requests from where they start.

	static final CaIssuersEndpoint der = CaIssuersEndpoint.serving(issuingCa);

	static final CaIssuersEndpoint pkcs7 = CaIssuersEndpoint.servingPkcs7(issuingCa);

	static final CaIssuersEndpoint garbage = CaIssuersEndpoint.serving(issuingCa).fault(ResponderFault.GARBAGE);

	static final CaIssuersEndpoint huge = CaIssuersEndpoint.serving(issuingCa).fault(ResponderFault.HUGE);

	static final CaIssuersEndpoint foreign = CaIssuersEndpoint.serving(foreignCa);

	static final CaIssuersEndpoint strangers = CaIssuersEndpoint.serving(issuingCa);

	static final CaIssuersEndpoint slow = CaIssuersEndpoint.serving(issuingCa)
		.fault(ResponderFault.SLOW)
		.slowDelay(Duration.ofMillis(500));

	static final TestCertificate orders = client("CN=orders,O=Acme", der, issuingCa);

	static final TestCertificate billing = client("CN=billing,O=Acme", pkcs7, issuingCa);

	static final TestCertificate garbled = client("CN=garbled,O=Acme", garbage, issuingCa);

	static final TestCertificate oversized = client("CN=oversized,O=Acme", huge, issuingCa);

	static final TestCertificate ofForeignRoot = client("CN=foreign,O=Acme", foreign, foreignCa);

	static final TestCertificate stranger = client("CN=stranger,O=Acme", strangers, issuingCa);

	static final TestCertificate unhurried = client("CN=unhurried,O=Acme", slow, issuingCa);

	static TestCertificate client(String dn, CaIssuersEndpoint endpoint, TestCertificate issuer) {
		return TestCertificate.client(dn).caIssuersUrl(endpoint.url()).signedBy(issuer).build();
	}

	@DynamicPropertySource
	static void leafOnlyProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.trust.anchors-sha256", pki.root()::sha256);
		registry.add("mtls.trust.fetch-issuers", () -> "true");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("mtls.proxy.max-header-size", () -> "16KB");
		for (String name : new String[] { "orders", "billing", "garbled", "oversized", "foreign", "unhurried" }) {
			registry.add("mtls.identities." + name + ".subject-dn", () -> "CN=" + name + ",O=Acme");
		}
	}

	@LocalServerPort
	int port;

	@Test
	void pinnedClientSendingOnlyItsLeafIsAuthenticatedThroughTheIssuerFetchedFromItsCaIssuersUrl() {
		assertAccepted(forwarded(orders), "orders");
	}

	@Test
	void issuerServedAsPkcs7CertsOnlyIsUsedToo() {
		assertAccepted(forwarded(billing), "billing");
	}

	@Test
	void fetchedIssuerIsCachedByUrl() {
		assertThat(forwarded(orders).status()).isEqualTo(200);
		int asked = der.requests();
		assertThat(forwarded(orders).status()).isEqualTo(200);
		assertThat(der.requests()).isEqualTo(asked).isPositive();
	}

	@Test
	void unpinnedCertificateMakesTheServerFetchNothing() {
		assertRefused(forwarded(stranger), "certificate_untrusted");
		assertThat(strangers.requests()).isZero();
	}

	@Test
	void malformedAnswerIsRefusedAsUntrustedAndRememberedSoTheUrlIsNotHammered() {
		int before = garbage.requests();
		assertRefused(forwarded(garbled), "certificate_untrusted");
		assertRefused(forwarded(garbled), "certificate_untrusted");
		assertThat(garbage.requests() - before).isEqualTo(1);
	}

	@Test
	void oversizedAnswerIsAbandonedAndRefusedAsUntrusted() {
		assertRefused(forwarded(oversized), "certificate_untrusted");
	}

	@Test
	void fetchedIssuerUnderARootThatIsNoAnchorDoesNotMakeItsClientTrusted() {
		int before = foreign.requests();
		assertRefused(forwarded(ofForeignRoot), "certificate_untrusted");
		assertThat(foreign.requests() - before).isEqualTo(1);
	}

	@Test
	void requestsWaitingForASlowIssuerShareOneFetchWhileOtherRequestsAreAnswered() throws Exception {
		int before = slow.requests();
		List<CompletableFuture<LoopbackClient.Response>> waiting = IntStream.range(0, 6)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> forwarded(unhurried)))
			.toList();
		// While the issuer is being fetched, other requests are decided (on WebFlux, by the same event loops).
		assertAccepted(forwarded(orders), "orders");
		for (CompletableFuture<LoopbackClient.Response> response : waiting) {
			assertAccepted(response.get(), "unhurried");
		}
		assertThat(slow.requests() - before).isEqualTo(1);
	}

	LoopbackClient.Response forwarded(TestCertificate leaf) {
		return LoopbackClient.from("127.0.0.2").get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(leaf));
	}

	static void assertAccepted(LoopbackClient.Response response, String identity) {
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"" + identity + "\"");
	}

	static void assertRefused(LoopbackClient.Response response, String reason) {
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	@ServletStack
	static class OnServlet extends FetchIssuersBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends FetchIssuersBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends FetchIssuersBehaviour {

	}

}
