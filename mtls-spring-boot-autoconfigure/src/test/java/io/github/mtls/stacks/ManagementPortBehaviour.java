package io.github.mtls.stacks;

import java.net.http.HttpResponse;

import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator on a separate management port with its own {@code client-auth=need} server, on every web
 * stack: the same identities and the same authority rule apply there, as docs/actuator.md describes.
 */
@TestPropertySource(properties = "management.endpoints.web.exposure.include=health,mtls")
abstract class ManagementPortBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate ops = pki.client("CN=ops,O=Acme");

	static final TestCertificate viewer = pki.client("CN=viewer,O=Acme");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("management.server.port", () -> "0");
		registry.add("management.server.ssl.bundle", () -> TestPki.BUNDLE);
		registry.add("management.server.ssl.client-auth", () -> "need");
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
		registry.add("mtls.identities.viewer.subject-dn", viewer::subjectDn);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	final MtlsClients clients = pki.clients();

	@Test
	void identityWithTheAuthorityReadsTheEndpointOnTheManagementPort() {
		HttpResponse<String> response = get(ops, this.managementPort, "/actuator/mtls/ops");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"authorities\":[\"ACTUATOR\"]");
	}

	@Test
	void identityWithoutTheAuthorityIsDeniedOnTheManagementPort() {
		HttpResponse<String> response = get(viewer, this.managementPort, "/actuator/mtls");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"access_denied\"");
		assertThat(get(viewer, this.managementPort, "/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorIsNotServedOnTheApplicationPort() {
		HttpResponse<String> response = get(ops, this.port, "/actuator/mtls");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("\"identities\"");
		assertThat(get(viewer, this.port, "/whoami").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(TestCertificate client, int port, String path) {
		return this.clients.get(client, "https://localhost:" + port + path);
	}

	@ServletStack
	static class OnServlet extends ManagementPortBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends ManagementPortBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends ManagementPortBehaviour {

	}

}
