package io.github.mtls.stacks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.time.Instant;

import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication success events scale with connections, not requests (issue 22): a client that
 * sends many requests on one kept-alive TLS connection is audited once, a new TLS session is audited
 * again, and every refusal stays an event of its own. Both web stacks, real TLS on loopback.
 */
@MtlsTest
abstract class SuccessEventsBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate client = pki.client("CN=events client,O=Acme");

	static final TestCertificate stranger = pki.client("CN=events stranger,O=Acme");

	static final int REQUESTS = 5;

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.events.subject-dn", client::subjectDn);
	}

	@Autowired
	TestIdentities server;

	@Autowired
	InMemoryAuditEventRepository auditEvents;

	@Test
	void requestsOnOneKeptAliveConnectionAreAuditedOnce() throws Exception {
		Instant before = Instant.now().minusMillis(1);
		sendOnOneConnection(client, 200);
		assertThat(successes(before)).isEqualTo(expectedSuccesses());
	}

	@Test
	void aNewTlsSessionIsAuditedAgain() throws Exception {
		Instant before = Instant.now().minusMillis(1);
		sendOnOneConnection(client, 200);
		sendOnOneConnection(client, 200);
		assertThat(successes(before)).isEqualTo(2 * expectedSuccesses());
	}

	@Test
	void everyRefusalOnAKeptAliveConnectionIsItsOwnEvent() throws Exception {
		Instant before = Instant.now().minusMillis(1);
		sendOnOneConnection(stranger, 403);
		assertThat(this.auditEvents.find(null, before, "AUTHENTICATION_FAILURE"))
			.filteredOn((event) -> event.getData().toString().contains("identity_not_pinned"))
			.hasSize(REQUESTS);
	}

	/** One event per connection by default; per request under {@code per-request}. */
	int expectedSuccesses() {
		return 1;
	}

	private int successes(Instant before) {
		return this.auditEvents.find("events", before, "AUTHENTICATION_SUCCESS").size();
	}

	/** {@link #REQUESTS} requests on one HTTP/1.1 client: one kept-alive TLS connection. */
	private void sendOnOneConnection(TestCertificate identity, int status) throws Exception {
		HttpClient http = pki.clients().httpClient(identity);
		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(this.server.baseUrl() + "/whoami")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(status);
			if (status == 200) {
				assertThat(response.body()).contains("\"identity\":\"events\"");
			}
		}
	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, AuditEvents.class })
	static class OnServlet extends SuccessEventsBehaviour {

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, AuditEvents.class })
	static class OnWebFlux extends SuccessEventsBehaviour {

	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, AuditEvents.class })
	@TestPropertySource(properties = "mtls.audit.success-events=per-request")
	static class PerRequestOnServlet extends SuccessEventsBehaviour {

		@Override
		int expectedSuccesses() {
			return REQUESTS;
		}

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, AuditEvents.class })
	@TestPropertySource(properties = "mtls.audit.success-events=per-request")
	static class PerRequestOnWebFlux extends SuccessEventsBehaviour {

		@Override
		int expectedSuccesses() {
			return REQUESTS;
		}

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, AuditEvents.class })
	static class OnWebFluxOnTomcat extends SuccessEventsBehaviour {

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, AuditEvents.class })
	@TestPropertySource(properties = "mtls.audit.success-events=per-request")
	static class PerRequestOnWebFluxOnTomcat extends SuccessEventsBehaviour {

		@Override
		int expectedSuccesses() {
			return REQUESTS;
		}

	}

}
