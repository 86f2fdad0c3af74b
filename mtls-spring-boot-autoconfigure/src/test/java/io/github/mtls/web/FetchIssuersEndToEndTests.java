package io.github.mtls.web;

import io.github.mtls.TestApplication;
import io.github.mtls.test.CaIssuersEndpoint;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.trust.fetch-issuers}: a proxy forwards only the client's leaf, the application trusts
 * and pins the root only and holds no intermediate, and each client's issuing CA is served at the
 * caIssuers URL of its certificate by a real HTTP server on loopback.
 */
class FetchIssuersEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = TestCertificate.authority("CN=Fetched Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate foreignCa = TestCertificate.authority("CN=Fetched Foreign CA,O=Acme")
		.signedBy(TestCertificate.authority("CN=Foreign Root,O=Acme").build())
		.build();

	static final CaIssuersEndpoint der = CaIssuersEndpoint.serving(issuingCa);

	static final CaIssuersEndpoint pkcs7 = CaIssuersEndpoint.servingPkcs7(issuingCa);

	static final CaIssuersEndpoint garbage = CaIssuersEndpoint.serving(issuingCa).fault(ResponderFault.GARBAGE);

	static final CaIssuersEndpoint huge = CaIssuersEndpoint.serving(issuingCa).fault(ResponderFault.HUGE);

	static final CaIssuersEndpoint foreign = CaIssuersEndpoint.serving(foreignCa);

	static final CaIssuersEndpoint strangers = CaIssuersEndpoint.serving(issuingCa);

	static final CaIssuersEndpoint whenOff = CaIssuersEndpoint.serving(issuingCa);

	static final TestCertificate orders = client("CN=orders,O=Acme", der, issuingCa);

	static final TestCertificate billing = client("CN=billing,O=Acme", pkcs7, issuingCa);

	static final TestCertificate garbled = client("CN=garbled,O=Acme", garbage, issuingCa);

	static final TestCertificate oversized = client("CN=oversized,O=Acme", huge, issuingCa);

	static final TestCertificate ofForeignRoot = client("CN=foreign,O=Acme", foreign, foreignCa);

	static final TestCertificate stranger = client("CN=stranger,O=Acme", strangers, issuingCa);

	static final TestCertificate unfetched = client("CN=unfetched,O=Acme", whenOff, issuingCa);

	static TestCertificate client(String dn, CaIssuersEndpoint endpoint, TestCertificate issuer) {
		return TestCertificate.client(dn).caIssuersUrl(endpoint.url()).signedBy(issuer).build();
	}

	static void leafOnlyProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.trust.anchors-sha256", pki.root()::sha256);
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("mtls.proxy.max-header-size", () -> "16KB");
		for (String name : new String[] { "orders", "billing", "garbled", "oversized", "foreign", "unfetched" }) {
			registry.add("mtls.identities." + name + ".subject-dn", () -> "CN=" + name + ",O=Acme");
		}
	}

	@AfterAll
	static void stopEndpoints() {
		for (CaIssuersEndpoint endpoint : new CaIssuersEndpoint[] { der, pkcs7, garbage, huge, foreign, strangers,
				whenOff }) {
			endpoint.close();
		}
	}

	static LoopbackClient.Response forwarded(int port, TestCertificate leaf) {
		return LoopbackClient.from("127.0.0.2").get(port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(leaf));
	}

	static void assertRefused(LoopbackClient.Response response, String reason) {
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	class On {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			leafOnlyProxy(registry);
			registry.add("mtls.trust.fetch-issuers", () -> "true");
		}

		@LocalServerPort
		int port;

		@Test
		void pinnedClientSendingOnlyItsLeafIsAuthenticatedThroughTheIssuerFetchedFromItsCaIssuersUrl() {
			LoopbackClient.Response response = forwarded(this.port, orders);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).contains("\"identity\":\"orders\"");
		}

		@Test
		void issuerServedAsPkcs7CertsOnlyIsUsedToo() {
			LoopbackClient.Response response = forwarded(this.port, billing);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).contains("\"identity\":\"billing\"");
		}

		@Test
		void fetchedIssuerIsCachedByUrl() {
			assertThat(forwarded(this.port, orders).status()).isEqualTo(200);
			int asked = der.requests();
			assertThat(forwarded(this.port, orders).status()).isEqualTo(200);
			assertThat(der.requests()).isEqualTo(asked).isPositive();
		}

		@Test
		void unpinnedCertificateMakesTheServerFetchNothing() {
			assertRefused(forwarded(this.port, stranger), "certificate_untrusted");
			assertThat(strangers.requests()).isZero();
		}

		@Test
		void malformedAnswerIsRefusedAsUntrustedAndRememberedSoTheUrlIsNotHammered() {
			assertRefused(forwarded(this.port, garbled), "certificate_untrusted");
			assertRefused(forwarded(this.port, garbled), "certificate_untrusted");
			assertThat(garbage.requests()).isEqualTo(1);
		}

		@Test
		void oversizedAnswerIsAbandonedAndRefusedAsUntrusted() {
			assertRefused(forwarded(this.port, oversized), "certificate_untrusted");
		}

		@Test
		void fetchedIssuerUnderARootThatIsNoAnchorDoesNotMakeItsClientTrusted() {
			assertRefused(forwarded(this.port, ofForeignRoot), "certificate_untrusted");
			assertThat(foreign.requests()).isEqualTo(1);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	class Off {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			leafOnlyProxy(registry);
		}

		@LocalServerPort
		int port;

		@Test
		void pinnedClientSendingOnlyItsLeafIsUntrustedAndNothingIsFetched() {
			assertRefused(forwarded(this.port, unfetched), "certificate_untrusted");
			assertThat(whenOff.requests()).isZero();
		}

	}

}
