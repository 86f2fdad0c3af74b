package io.github.mtls.stacks;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator on the application port, the same on both web stacks: the {@code mtls} endpoint
 * (report, one identity, the {@code verify} operation), health and the {@code mtls.authentications}
 * counter, each for the identity holding {@code mtls.actuator.authority} only, with the same refusals
 * for everyone else.
 */
abstract class ActuatorBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=actuated orders,O=Acme");

	static final TestCertificate ops = pki.client("CN=actuated ops,O=Acme");

	static final TestCertificate stranger = pki.client("CN=actuated stranger,O=Acme");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("management.endpoints.web.exposure.include", () -> "health,mtls,prometheus");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Test
	void mtlsEndpointShowsTheLastCertificateOfAnIdentity() {
		assertThat(get(orders, "/whoami").statusCode()).isEqualTo(200);
		HttpResponse<String> response = get(ops, "/actuator/mtls/orders");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext identity = JsonPath.parse(response.body());
		assertThat(identity.read("$.lastCertificate.sha256", String.class)).isEqualTo(orders.sha256());
		assertThat(identity.read("$.accepted", Long.class)).isPositive();
	}

	@Test
	void trustedButUnpinnedCertificateIsListedAsUnmatched() {
		assertThat(get(stranger, "/whoami").statusCode()).isEqualTo(403);
		assertThat(get(ops, "/actuator/mtls").body()).contains(stranger.sha256());
	}

	@Test
	void verifyExplainsAPostedChainWithoutAuthenticatingIt() {
		HttpResponse<String> response = this.clients.post(ops, url("/actuator/mtls"),
				"{\"chain\":\"" + stranger.chainPem().replace("\r", "").replace("\n", "\\n") + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		DocumentContext report = JsonPath.parse(response.body());
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("valid");
		assertThat(report.read("$.decision.outcome", String.class)).isEqualTo("refused");
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("identity_not_pinned");
	}

	@Test
	void verifyIsDeniedWithoutTheActuatorAuthority() {
		HttpResponse<String> response = this.clients.post(orders, url("/actuator/mtls"), "{\"chain\":\"x\"}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"access_denied\"");
	}

	@Test
	void healthIsUpForAnyIdentityWithDetailsForTheAuthorityOnly() {
		HttpResponse<String> plain = get(orders, "/actuator/health");
		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(plain.body()).contains("\"status\":\"UP\"").doesNotContain("components");
		assertThat(get(ops, "/actuator/health/mtls").body()).contains("\"status\":\"UP\"");
	}

	@Test
	void healthNeedsAnIdentityToo() {
		HttpResponse<String> response = get(stranger, "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
	}

	@Test
	void authenticationsAreCountedByResultReasonAndIdentity() {
		get(orders, "/whoami");
		get(stranger, "/whoami");
		String scrape = get(ops, "/actuator/prometheus").body();
		assertThat(scrape)
			.contains("mtls_authentications_total{identity=\"orders\",reason=\"none\",result=\"accepted\"}")
			.contains("mtls_authentications_total{identity=\"unpinned\",reason=\"identity_not_pinned\",result=\"refused\"}")
			.doesNotContain("CN=actuated stranger");
	}

	@Test
	void identityWithoutTheAuthorityIsDeniedTheEndpoints() {
		for (String path : new String[] { "/actuator", "/actuator/mtls", "/actuator/prometheus" }) {
			HttpResponse<String> response = get(orders, path);
			assertThat(response.statusCode()).as(path).isEqualTo(403);
			assertThat(response.body()).as(path).contains("\"reason\":\"access_denied\"");
		}
	}

	private HttpResponse<String> get(TestCertificate client, String path) {
		return this.clients.get(client, url(path));
	}

	private String url(String path) {
		return "https://localhost:" + this.port + path;
	}

	@ServletStack
	static class OnServlet extends ActuatorBehaviour {

	}

	@ReactiveStack
	static class OnWebFlux extends ActuatorBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends ActuatorBehaviour {

	}

}
