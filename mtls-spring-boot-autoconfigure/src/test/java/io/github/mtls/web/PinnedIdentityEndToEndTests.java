package io.github.mtls.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Real TLS handshakes on a random port with {@code client-auth=need}: every selector kind finds its
 * identity, everything else is refused with its reason code.
 */
@SpringBootTest(classes = { TestApplication.class, PinnedIdentityEndToEndTests.Clocks.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest(trustedAuthorities = "CN=Other CA,O=Elsewhere")
class PinnedIdentityEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate otherCa = pki.authority("CN=Other CA,O=Elsewhere");

	static final TestCertificate orders = pki.client("CN=Orders Service,O=Acme");

	static final TestCertificate billing = pki.client("CN=billing,O=Acme");

	static final TestCertificate billingFromOtherCa = TestCertificate.client("CN=billing,O=Acme").signedBy(otherCa).build();

	static final TestCertificate dns = pki.client("CN=dns client", (c) -> c.sanDns("Client.Example.ORG"));

	static final TestCertificate spiffe = pki.client("CN=spiffe client", (c) -> c.sanUri("spiffe://acme.test/ns/prod/sa/shipping"));

	static final TestCertificate email = pki.client("CN=mail client", (c) -> c.sanEmail("robot@Example.org"));

	static final TestCertificate ip = pki.client("CN=ip client", (c) -> c.sanIp("2001:db8::7"));

	static final TestCertificate pinnedByFingerprint = pki.client("CN=anything");

	static final TestCertificate pinnedBySpki = pki.client("CN=renewed");

	static final TestCertificate renewedSameKey = pki.client("CN=renewed", (c) -> c.keyPair(pinnedBySpki.keyPair()));

	static final TestCertificate pinnedBySerial = pki.client("CN=serial client");

	static final TestCertificate unpinned = pki.client("CN=stranger,O=Acme");

	static final TestCertificate ambiguous = pki.client("CN=twice", (c) -> c.sanDns("twice.example.org"));

	static final TestCertificate serverUsageOnly = pki.client("CN=orders-eku",
			(c) -> c.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth));

	static final TestCertificate untrusted = TestCertificate.client("CN=Orders Service,O=Acme")
		.signedBy(TestCertificate.authority("CN=Untrusted CA").build())
		.build();

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		String root = pki.root().subjectDn();
		registry.add("mtls.identities.orders.subject-dn", () -> "cn = orders service ,  o=ACME");
		registry.add("mtls.identities.orders.authorities", () -> "ORDERS_READ,ORDERS_WRITE");
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.billing.issuer-dn", () -> root);
		registry.add("mtls.identities.dns.san-dns", () -> "client.example.org");
		registry.add("mtls.identities.shipping.san-uri", () -> "spiffe://acme.test/ns/prod/sa/shipping");
		registry.add("mtls.identities.mail.san-email", () -> "robot@example.ORG");
		registry.add("mtls.identities.ip.san-ip", () -> "2001:0db8:0:0:0:0:0:7");
		registry.add("mtls.identities.fingerprint.fingerprint-sha256[0]", () -> "00".repeat(32));
		registry.add("mtls.identities.fingerprint.fingerprint-sha256[1]",
				() -> pinnedByFingerprint.sha256().toUpperCase().replaceAll("(..)(?!$)", "$1:"));
		registry.add("mtls.identities.spki.spki-sha256", pinnedBySpki::spkiSha256);
		registry.add("mtls.identities.serial.serial", () -> "00:" + pinnedBySerial.serialHex());
		registry.add("mtls.identities.serial.issuer-dn", () -> root);
		registry.add("mtls.identities.twice-a.san-dns", () -> "twice.example.org");
		registry.add("mtls.identities.twice-b.subject-dn", () -> "CN=twice");
		registry.add("mtls.identities.orders-eku.subject-dn", () -> "CN=orders-eku");
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
	InMemoryAuditEventRepository auditEvents;

	@Autowired
	TestIdentities server;

	@AfterEach
	void resetClock() {
		this.clock.set(Instant.now());
	}

	@ParameterizedTest(name = "{0} is authenticated as {1}")
	@CsvSource({ "orders, orders", "billing, billing", "dns, dns", "spiffe, shipping", "email, mail", "ip, ip",
			"pinnedByFingerprint, fingerprint", "pinnedBySpki, spki", "renewedSameKey, spki",
			"pinnedBySerial, serial" })
	void eachSelectorKindAuthenticatesItsIdentity(String certificate, String identity) throws Exception {
		TestCertificate client = (TestCertificate) getClass().getDeclaredField(certificate).get(null);
		HttpResponse<String> response = whoami(client);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"" + identity + "\"");
	}

	@Test
	void identityCarriesItsAuthoritiesAndTheX509Factor() {
		HttpResponse<String> response = whoami(orders);
		assertThat(response.body()).contains("\"ORDERS_READ\"", "\"ORDERS_WRITE\"", "\"FACTOR_X509\"");
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
	void certificateNotYetValidAtRequestTimeIsRefused() {
		this.clock.set(orders.certificate().getNotBefore().toInstant().minus(Duration.ofMinutes(1)));
		assertRefused(whoami(orders), 403, "certificate_not_yet_valid");
	}

	@Test
	void certificateWithoutClientAuthUsageIsRefusedInTheHandshake() {
		assertThatException().isThrownBy(() -> whoami(serverUsageOnly));
	}

	@Test
	void certificateFromUntrustedCaIsRefusedInTheHandshake() {
		assertThatException().isThrownBy(() -> whoami(untrusted));
	}

	@Test
	void requestWithoutCertificateIsRefusedInTheHandshake() {
		assertThatException().isThrownBy(() -> whoami(null));
	}

	@Test
	void refusalIsAProblemDocumentWithoutInternals() {
		HttpResponse<String> response = whoami(unpinned);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("stranger", "Exception", "at io.");
	}

	@Test
	void unknownPathOfAnAcceptedIdentityIsNotFoundNotUnauthorized() {
		HttpResponse<String> response = pki.clients().get(orders, this.server.baseUrl() + "/no-such-path");
		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void noHttpSessionIsCreated() {
		assertThat(whoami(orders).headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void logsOfTheRequestNameTheIdentityCertificateAndSource() {
		HttpResponse<String> response = pki.clients().get(orders, this.server.baseUrl() + "/mdc");
		assertThat(response.body()).contains("\"mtls.identity\":\"orders\"")
			.contains("\"mtls.fingerprint\":\"" + orders.sha256() + "\"")
			.contains("\"mtls.serial\":\"" + orders.serialHex() + "\"")
			.contains("\"mtls.source\":\"direct\"");
	}

	@Test
	void authenticationsAreRecordedAsAuditEventsWithTheReasonCode() {
		Instant before = Instant.now().minusSeconds(1);
		whoami(pinnedBySpki);
		whoami(unpinned);
		assertThat(this.auditEvents.find("spki", before, "AUTHENTICATION_SUCCESS")).isNotEmpty();
		assertThat(this.auditEvents.find(null, before, "AUTHENTICATION_FAILURE"))
			.anySatisfy((event) -> assertThat(event.getData()).containsEntry("message", "identity_not_pinned"));
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
