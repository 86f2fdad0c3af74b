package io.github.mtls.sample;

import java.net.http.HttpResponse;

import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.WorkloadApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample's {@code spiffe} profile against the test-support Workload API, as SpiffeSampleApplication runs it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.port=0")
@ActiveProfiles("spiffe")
class SpiffeProfileTests {

	static final SpiffeTrustDomain domain = SpiffeTrustDomain.create("sample.test");

	static final WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket()
		.serve(domain, domain.svid("/ns/dev/sa/sample-app", (c) -> c.sanDns("localhost")).build());

	@DynamicPropertySource
	static void spiffe(DynamicPropertyRegistry registry) {
		registry.add("mtls.spiffe.endpoint-socket", workloadApi::address);
	}

	@AfterAll
	static void stop() {
		workloadApi.close();
	}

	@LocalServerPort
	int port;

	@Test
	void ordersIsAuthenticatedByItsSpiffeId() {
		HttpResponse<String> response = domain.clients()
			.get(domain.svid("/ns/dev/sa/orders").build(), "https://localhost:" + this.port + "/whoami");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "ORDERS_READ");
	}

	@Test
	void ordersMayNotReadReports() {
		HttpResponse<String> response = domain.clients()
			.get(domain.svid("/ns/dev/sa/orders").build(), "https://localhost:" + this.port + "/reports");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"access_denied\"");
	}

	@Test
	void aWorkloadOfTheDomainThatIsNotPinnedIsRefused() {
		HttpResponse<String> response = domain.clients()
			.get(domain.svid("/ns/dev/sa/stranger").build(), "https://localhost:" + this.port + "/whoami");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

}
