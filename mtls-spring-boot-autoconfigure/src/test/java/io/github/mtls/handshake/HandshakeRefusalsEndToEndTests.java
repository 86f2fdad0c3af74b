package io.github.mtls.handshake;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import com.jayway.jsonpath.JsonPath;
import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Direct mode, real TLS with {@code client-auth=need}: the JDK's handshake refuses these client
 * certificates exactly as before, and each refusal is now as visible to the operator as one of the
 * pipeline: a log line with its reason code and subject, the {@code mtls.authentications} counter,
 * the Actuator endpoint's {@code unmatched} list and an authentication failure audit event.
 */
@SpringBootTest(classes = { TestApplication.class, HandshakeRefusalsEndToEndTests.Audit.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=mtls")
@MtlsTest
@ExtendWith(OutputCaptureExtension.class)
class HandshakeRefusalsEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate ops = pki.client("CN=ops,O=Acme");

	static final TestCertificate foreignCa = TestCertificate.authority("CN=Foreign CA,O=Elsewhere").build();

	static Stream<Arguments> refusedInTheHandshake() {
		return Stream.of(
				Arguments.of(pki.client("CN=lapsed,O=Acme", TestCertificate.Builder::expired), "certificate_expired"),
				Arguments.of(pki.client("CN=early,O=Acme", TestCertificate.Builder::notYetValid),
						"certificate_not_yet_valid"),
				// The subject of a pinned identity, from a CA the server does not trust.
				Arguments.of(TestCertificate.client("CN=orders,O=Acme").signedBy(foreignCa).build(),
						"certificate_untrusted"),
				Arguments.of(pki.client("CN=web-server,O=Acme", TestCertificate.Builder::serverAuthOnly),
						"certificate_policy"));
	}

	@DynamicPropertySource
	static void identities(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Audit {

		@Bean
		InMemoryAuditEventRepository auditEvents() {
			return new InMemoryAuditEventRepository();
		}

	}

	@Autowired
	TestIdentities server;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InMemoryAuditEventRepository auditEvents;

	@ParameterizedTest(name = "{1}")
	@MethodSource
	void refusedInTheHandshake(TestCertificate client, String reason, CapturedOutput output) {
		Instant before = Instant.now().minusSeconds(1);
		double counted = unpinned(reason);
		assertRefused(client);
		assertThat(output).contains("mTLS refused " + reason + ": refused in the TLS handshake")
			.contains("subject \"" + client.subjectDn() + "\"")
			.contains("sha256 " + client.sha256());
		assertThat(unpinned(reason)).isEqualTo(counted + 1);
		assertThat(this.auditEvents.find(client.subjectDn(), before, "AUTHENTICATION_FAILURE"))
			.anySatisfy((event) -> assertThat(event.getData()).containsEntry("message", reason));
		String entry = "$.unmatched[?(@.certificate.sha256 == '" + client.sha256() + "')]";
		String report = actuator("/actuator/mtls");
		assertThat(JsonPath.<List<String>>read(report, entry + ".lastReason")).containsExactly(reason);
		assertThat(JsonPath.<List<String>>read(report, entry + ".certificate.subject"))
			.containsExactly(client.subjectDn());
	}

	@Test
	void repeatedRefusalIsCountedEachTimeAndLoggedOnce(CapturedOutput output) {
		TestCertificate retrying = pki.client("CN=retrying,O=Acme", TestCertificate.Builder::expired);
		double counted = unpinned("certificate_expired");
		for (int attempt = 0; attempt < 3; attempt++) {
			assertRefused(retrying);
		}
		assertThat(unpinned("certificate_expired")).isEqualTo(counted + 3);
		assertThat(output.getAll().split("subject \"CN=retrying,O=Acme\"", -1)).hasSize(2);
	}

	@Test
	void expiredCertificateOfAPinnedIdentityIsShownUnderThatIdentity() {
		TestCertificate lapsedOrders = pki.client("CN=orders,O=Acme", TestCertificate.Builder::expired);
		assertRefused(lapsedOrders);
		String identity = actuator("/actuator/mtls/orders");
		assertThat(JsonPath.<String>read(identity, "$.lastRefusal")).isEqualTo("certificate_expired");
		assertThat(counter("orders", "certificate_expired")).isEqualTo(1);
	}

	@Test
	void pinnedClientIsStillAuthenticated() {
		HttpResponse<String> response = whoami(orders);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	/**
	 * The handshake refuses as before: the client reads the server's alert or, when the server has
	 * already closed the connection, its write fails with a broken pipe or reset.
	 */
	private void assertRefused(TestCertificate client) {
		assertThatThrownBy(() -> handshake(client)).as("the handshake refuses as before")
			.isInstanceOfAny(SSLException.class, SocketException.class);
	}

	private double unpinned(String reason) {
		return counter("unpinned", reason);
	}

	private double counter(String identity, String reason) {
		Counter counter = this.meters.find("mtls.authentications").tag("identity", identity).tag("reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * One TLS connection and one request, so that each attempt is one handshake (the JDK's HTTP
	 * client tries a refused connection again). Under TLS 1.3 the server's alert arrives on the read.
	 */
	static void handshake(TestCertificate client, String baseUrl) throws IOException {
		URI uri = URI.create(baseUrl);
		try (SSLSocket socket = (SSLSocket) pki.clients().sslContext(client).getSocketFactory()
			.createSocket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			socket.startHandshake();
			socket.getOutputStream().write("GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			socket.getInputStream().read();
		}
	}

	private void handshake(TestCertificate client) throws IOException {
		handshake(client, this.server.baseUrl());
	}

	private String actuator(String path) {
		HttpResponse<String> response = pki.clients().get(ops, this.server.baseUrl() + path);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

}
