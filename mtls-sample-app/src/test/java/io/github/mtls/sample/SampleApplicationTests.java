package io.github.mtls.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample API with a test PKI: identity, authorization and deny-by-default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders-client,O=mtls-sample-app");

	static final TestCertificate ops = pki.client("CN=ops-client,O=mtls-sample-app");

	static final TestCertificate stranger = pki.client("CN=stranger-client,O=mtls-sample-app");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.authorities", () -> "ORDERS_READ");
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "REPORTS_READ");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Test
	void whoamiNamesThePinnedIdentity() {
		HttpResponse<String> response = get(orders, "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"").contains("ORDERS_READ");
	}

	@Test
	void reportsNeedTheReportsAuthority() {
		HttpResponse<String> denied = get(orders, "/reports");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.body()).contains("\"reason\":\"access_denied\"");
		assertThat(get(ops, "/reports").statusCode()).isEqualTo(200);
	}

	@Test
	void unpinnedCertificateIsRefused() {
		HttpResponse<String> response = get(stranger, "/whoami");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

	@Test
	void developmentPkiIsNotCreatedWithoutTheDevProfile() {
		assertThat(Path.of(".mtls-dev-pki")).doesNotExist();
	}

	private HttpResponse<String> get(TestCertificate client, String path) {
		return this.clients.get(client, "https://localhost:" + this.port + path);
	}

}
