package io.github.mtls.stacks;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pinning and refusals, the same on both web stacks: real TLS on a random port,
 * the same statuses, reason codes, identities and problem bodies. One subclass per stack.
 */
@MtlsTest(trustedAuthorities = "CN=Other CA,O=Elsewhere")
abstract class PinningBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate otherCa = pki.authority("CN=Other CA,O=Elsewhere");

	static final TestCertificate orders = pki.client("CN=Orders Service,O=Acme");

	static final TestCertificate billing = pki.client("CN=billing,O=Acme");

	static final TestCertificate billingFromOtherCa = TestCertificate.client("CN=billing,O=Acme")
		.signedBy(otherCa)
		.build();

	static final TestCertificate spiffe = pki.client("CN=spiffe client",
			(c) -> c.sanUri("spiffe://acme.test/ns/prod/sa/shipping"));

	static final TestCertificate unpinned = pki.client("CN=stranger,O=Acme");

	static final TestCertificate ambiguous = pki.client("CN=twice", (c) -> c.sanDns("twice.example.org"));

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.orders.subject-dn", () -> "cn = orders service ,  o=ACME");
		registry.add("mtls.identities.orders.authorities", () -> "ORDERS_READ,ORDERS_WRITE");
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.billing.issuer-dn", () -> pki.root().subjectDn());
		registry.add("mtls.identities.shipping.san-uri", () -> "spiffe://acme.test/ns/prod/sa/shipping");
		registry.add("mtls.identities.twice-a.san-dns", () -> "twice.example.org");
		registry.add("mtls.identities.twice-b.subject-dn", () -> "CN=twice");
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		TestClock clock() {
			return TestClock.now();
		}

		@Bean
		InMemoryAuditEventRepository auditEvents() {
			return new InMemoryAuditEventRepository();
		}

	}

	@Autowired
	TestClock clock;

	@Autowired
	TestIdentities server;

	@Autowired
	InMemoryAuditEventRepository auditEvents;

	@AfterEach
	void resetClock() {
		this.clock.set(Instant.now());
	}

	@ParameterizedTest(name = "{0} is authenticated as {1}")
	@CsvSource({ "orders, orders", "billing, billing", "spiffe, shipping" })
	void eachPinnedCertificateIsItsIdentity(String certificate, String identity) throws Exception {
		TestCertificate client = (TestCertificate) PinningBehaviour.class.getDeclaredField(certificate).get(null);
		HttpResponse<String> response = whoami(client);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"" + identity + "\"");
	}

	@Test
	void identityCarriesItsAuthoritiesAndTheX509Factor() {
		assertThat(whoami(orders).body()).contains("\"ORDERS_READ\"", "\"ORDERS_WRITE\"", "\"FACTOR_X509\"");
	}

	@Test
	void validButUnpinnedCertificateIsRefused() {
		assertRefused(whoami(unpinned), 403, "identity_not_pinned");
	}

	@Test
	void pinnedSubjectFromAnotherTrustedCaIsRefusedWhenIssuerIsPinned() {
		assertRefused(whoami(billingFromOtherCa), 403, "identity_not_pinned");
	}

	@Test
	void certificateMatchingTwoIdentitiesIsRefusedAsAmbiguous() {
		assertRefused(whoami(ambiguous), 403, "identity_ambiguous");
	}

	@Test
	void certificateExpiredAtRequestTimeIsRefused() {
		this.clock.set(orders.certificate().getNotAfter().toInstant().plus(Duration.ofMinutes(1)));
		assertRefused(whoami(orders), 403, "certificate_expired");
	}

	@Test
	void refusalIsAProblemDocumentWithoutInternalsAndNeverABasicChallenge() {
		HttpResponse<String> response = whoami(unpinned);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.body()).doesNotContain("stranger", "Exception", "at io.");
	}

	@Test
	void refusalIsAnAuditEventWithItsReasonAndAcceptanceAnotherWithTheIdentity() {
		whoami(unpinned);
		whoami(orders);
		assertThat(this.auditEvents.find(null, null, "AUTHENTICATION_FAILURE"))
			.anySatisfy((event) -> assertThat(event.getData().toString()).contains("identity_not_pinned"));
		assertThat(this.auditEvents.find("orders", null, "AUTHENTICATION_SUCCESS")).isNotEmpty();
	}

	HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, Clocks.class })
	static class OnServlet extends PinningBehaviour {

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, Clocks.class })
	static class OnWebFlux extends PinningBehaviour {

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, Clocks.class })
	static class OnWebFluxOnTomcat extends PinningBehaviour {

	}

}
