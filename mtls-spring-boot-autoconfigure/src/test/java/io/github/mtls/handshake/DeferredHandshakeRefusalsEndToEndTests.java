package io.github.mtls.handshake;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.handshake.defer-refusals=true}, direct mode, real TLS with {@code client-auth=need}:
 * the clients the handshake would refuse complete it, and the starter refuses their requests with
 * the reason code as an RFC 9457 problem, once per request. The starter validates the path itself:
 * a certificate from a CA the server does not trust never becomes the identity its subject names.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mtls.handshake.defer-refusals=true")
@MtlsTest
class DeferredHandshakeRefusalsEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate foreignCa = TestCertificate.authority("CN=Foreign CA,O=Elsewhere").build();

	static Stream<Arguments> refusedByTheStarterInstead() {
		return Stream.of(
				Arguments.of(pki.client("CN=orders,O=Acme", TestCertificate.Builder::expired), "certificate_expired"),
				Arguments.of(pki.client("CN=orders,O=Acme", TestCertificate.Builder::notYetValid),
						"certificate_not_yet_valid"),
				// A pinned identity's subject, from a CA the server does not trust.
				Arguments.of(TestCertificate.client("CN=orders,O=Acme").signedBy(foreignCa).build(),
						"certificate_untrusted"),
				// A pinned identity's subject and key usage, from a CA the server does not trust,
				// presented with that CA: the chain is complete, and still untrusted.
				Arguments.of(TestCertificate.client("CN=orders,O=Acme").signedBy(foreignCa).build()
					.presentedWith(foreignCa), "certificate_untrusted"),
				Arguments.of(pki.client("CN=orders,O=Acme", TestCertificate.Builder::serverAuthOnly),
						"certificate_policy"));
	}

	@DynamicPropertySource
	static void identities(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
	}

	@Autowired
	TestIdentities server;

	@Autowired
	MeterRegistry meters;

	@ParameterizedTest(name = "{1}")
	@MethodSource
	void refusedByTheStarterInstead(TestCertificate client, String reason) {
		double counted = refusals(reason);
		HttpResponse<String> response = whoami(client);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain("orders");
		assertThat(refusals(reason)).as("counted once, by the starter").isEqualTo(counted + 1);
	}

	@Test
	void pinnedClientIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = whoami(orders);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void clientWithoutACertificateIsStillRefusedInTheHandshake() {
		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> pki.clients().get(null, this.server.baseUrl() + "/whoami"));
	}

	private double refusals(String reason) {
		return this.meters.find("mtls.authentications").tag("reason", reason).counters().stream()
			.mapToDouble(Counter::count).sum();
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

}
