package io.github.mtls.test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link MtlsTest} against the starter: a real HTTPS round trip per declared identity, with the
 * clients it hands to the test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@MtlsTest(trustedAuthorities = "CN=Second CA,O=mtls-test",
		identities = { @Identity(name = "orders", authorities = { "ORDERS_READ", "ORDERS_WRITE" }),
				@Identity(name = "billing", subject = "CN=billing,O=Acme", pinnedBy = { Selector.SUBJECT_DN, Selector.ISSUER_DN }),
				@Identity(name = "billing-elsewhere", subject = "CN=billing,O=Acme", issuer = "CN=Second CA,O=mtls-test", pinned = false),
				@Identity(name = "shipping", sanUri = "spiffe://acme.test/ns/prod/sa/shipping", pinnedBy = Selector.SAN_URI),
				@Identity(name = "web", sanDns = "web.acme.test", pinnedBy = Selector.SAN_DNS),
				@Identity(name = "robot", sanEmail = "robot@acme.test", pinnedBy = Selector.SAN_EMAIL),
				@Identity(name = "printer", sanIp = "2001:db8::7", pinnedBy = Selector.SAN_IP),
				@Identity(name = "fingerprint", pinnedBy = Selector.FINGERPRINT_SHA256),
				@Identity(name = "spki", pinnedBy = Selector.SPKI_SHA256),
				@Identity(name = "serial", pinnedBy = Selector.SERIAL),
				@Identity(name = "stranger", pinned = false) })
class MtlsTestIntegrationTests {

	@Autowired
	TestIdentities identities;

	@MtlsClient("orders")
	RestTestClient ordersField;

	@ParameterizedTest(name = "{0} is authenticated over HTTPS with RestTestClient")
	@CsvSource({ "orders", "billing", "shipping", "web", "robot", "printer", "fingerprint", "spki", "serial" })
	void everyPinnedIdentityIsAuthenticatedWithRestTestClient(String identity) {
		this.identities.restTestClient(identity)
			.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.identity")
			.isEqualTo(identity);
	}

	@ParameterizedTest(name = "{0} is authenticated over HTTPS with the JDK HttpClient")
	@CsvSource({ "orders", "billing", "shipping", "web", "robot", "printer", "fingerprint", "spki", "serial" })
	void everyPinnedIdentityIsAuthenticatedWithTheJdkHttpClient(String identity) {
		HttpResponse<String> response = this.identities.get(identity, "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"" + identity + "\"");
	}

	@Test
	void unpinnedCertificateFromTheTestRootIsRefused(@MtlsClient("stranger") RestTestClient stranger) {
		stranger.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("identity_not_pinned");
	}

	@Test
	void sameSubjectFromTheSecondTrustedCaIsRefusedWhenTheIssuerIsPinned(
			@MtlsClient("billing-elsewhere") RestTestClient billingElsewhere) {
		billingElsewhere.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("identity_not_pinned");
	}

	@Test
	void declaredAuthoritiesAreGranted() {
		this.ordersField.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.authorities")
			.value((authorities) -> assertThat(authorities.toString()).contains("ORDERS_READ", "ORDERS_WRITE",
					"FACTOR_X509"));
	}

	@Test
	void parametersOfEveryTypeAreTheIdentity(@MtlsClient("orders") TestCertificate certificate,
			@MtlsClient("orders") HttpClient httpClient, @MtlsClient("orders") SSLContext sslContext) {
		assertThat(certificate.subjectDn()).isEqualTo("CN=orders");
		assertThat(httpClient).isSameAs(this.identities.httpClient("orders"));
		assertThat(sslContext.getProtocol()).isEqualTo("TLS");
	}

	@Test
	void serverDemandsAClientCertificate() {
		assertThatException().isThrownBy(() -> TestPki.shared()
			.clients()
			.restTestClient(null, this.identities.baseUrl())
			.get()
			.uri("/whoami")
			.exchange());
	}

	@Test
	void serverRefusesACertificateFromAnUntrustedCa() {
		TestCertificate untrusted = TestCertificate.client("CN=orders")
			.signedBy(TestPki.shared().authority("CN=Untrusted CA,O=mtls-test"))
			.build();
		assertThatException().isThrownBy(() -> TestPki.shared()
			.clients()
			.restTestClient(untrusted, this.identities.baseUrl())
			.get()
			.uri("/whoami")
			.exchange());
	}

	@Test
	void unknownIdentityNameIsAClearMistake() {
		assertThatException().isThrownBy(() -> this.identities.restTestClient("ordres"))
			.withMessageContaining("No @Identity named 'ordres'")
			.withMessageContaining("orders");
	}

}
