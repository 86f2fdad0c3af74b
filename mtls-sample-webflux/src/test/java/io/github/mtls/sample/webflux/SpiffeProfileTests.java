package io.github.mtls.sample.webflux;

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

/**
 * The {@code spiffe} profile the samples share, on Reactor Netty: the server's SVID and client trust
 * from the test-support Workload API, callers pinned by SPIFFE ID.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.port=0")
@ActiveProfiles("spiffe")
class SpiffeProfileTests {

	static final SpiffeTrustDomain domain = SpiffeTrustDomain.create("sample.test");

	static final WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket()
		.serve(domain, domain.svid("/ns/dev/sa/sample-webflux", (c) -> c.sanDns("localhost")).build());

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
	void opsIsAuthenticatedByItsSpiffeIdAndReadsReports() {
		HttpResponse<String> response = domain.clients()
			.get(domain.svid("/ns/dev/sa/ops").build(), "https://localhost:" + this.port + "/reports");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"requestedBy\":\"ops\"");
	}

	@Test
	void aWorkloadOfTheDomainThatIsNotPinnedIsRefused() {
		HttpResponse<String> response = domain.clients()
			.get(domain.svid("/ns/dev/sa/stranger").build(), "https://localhost:" + this.port + "/whoami");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

}
