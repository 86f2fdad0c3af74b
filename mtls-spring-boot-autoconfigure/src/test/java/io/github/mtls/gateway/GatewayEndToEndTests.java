package io.github.mtls.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.github.mtls.stacks.NonBlockingEventLoops;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client → gateway → backend on loopback, with real TLS from the client to the gateway: the gateway
 * (Spring Cloud Gateway with this starter) authenticates the client, routes by identity and forwards
 * the accepted certificate in RFC 9440 headers; the backend (this starter in proxy mode, trusting
 * only the gateway's address) validates it again and sees the same identity. The attacks: a client
 * smuggling another client's certificate in a header through the gateway, and a client going
 * around the gateway straight to the backend.
 */
@ExtendWith(NonBlockingEventLoops.class)
class GatewayEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=billing,O=Acme");

	static final TestCertificate shipping = pki.client("CN=shipping,O=Acme");

	static final TestCertificate stranger = pki.client("CN=stranger,O=Acme");

	static final JsonMapper json = JsonMapper.builder().build();

	static GatewayEdge edge;

	@BeforeAll
	static void start() {
		edge = GatewayEdge.start(pki, "rfc9440", Map.of("orders", orders, "billing", billing, "shipping", shipping));
	}

	@AfterAll
	static void stop() {
		edge.close();
	}

	@Test
	void pinnedClientThroughTheGatewayIsTheSameIdentityAtTheBackend() {
		JsonNode backend = backendSaw(edge.get(orders, "/api/whoami"));
		assertThat(backend.get("backend").asString()).isEqualTo("orders");
		assertThat(backend.get("identity").asString()).isEqualTo("orders");
		assertThat(values(backend, "Client-Cert")).containsExactly(ForwardedCertificateHeaders.rfc9440(orders));
	}

	@Test
	void identityPredicateRoutesEachIdentityToItsOwnBackend() {
		JsonNode backend = backendSaw(edge.get(billing, "/api/whoami"));
		assertThat(backend.get("backend").asString()).isEqualTo("billing");
		assertThat(backend.get("identity").asString()).isEqualTo("billing");
	}

	@Test
	void pinnedIdentityThatNoRouteAdmitsGetsNotFoundAndNeverReachesABackend() {
		HttpResponse<String> response = edge.get(shipping, "/api/whoami");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("\"identity\"", "Client-Cert");
	}

	@Test
	void unpinnedClientIsRefusedByTheGatewayBeforeAnyRoute() {
		HttpResponse<String> response = edge.get(stranger, "/api/whoami");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"").doesNotContain("backend");
	}

	@Test
	void identityNameIsAnExchangeAttributeForOtherGatewayFilters() {
		assertThat(values(backendSaw(edge.get(billing, "/api/whoami")), "X-Gateway-Identity")).containsExactly("billing");
	}

	@Test
	void clientSmugglingAnotherClientsCertificateInClientCertGetsNothingFromIt() {
		JsonNode backend = backendSaw(edge.get(orders, "/api/whoami", "Client-Cert",
				ForwardedCertificateHeaders.rfc9440(billing), "Client-Cert-Chain",
				ForwardedCertificateHeaders.rfc9440Chain(billing)));
		assertThat(backend.get("identity").asString()).isEqualTo("orders");
		assertThat(values(backend, "Client-Cert")).containsExactly(ForwardedCertificateHeaders.rfc9440(orders));
		assertThat(values(backend, "Client-Cert-Chain")).isEmpty();
	}

	@Test
	void clientSmugglingACertificateInEveryOtherFormatsHeaderGetsNothingFromIt() {
		JsonNode backend = backendSaw(edge.get(orders, "/api/whoami", "X-Forwarded-Client-Cert",
				ForwardedCertificateHeaders.xfcc(billing), "X-SSL-Client-Cert", ForwardedCertificateHeaders.nginx(billing),
				"x-ssl-client-cert", ForwardedCertificateHeaders.haproxy(billing)));
		assertThat(backend.get("identity").asString()).isEqualTo("orders");
		assertThat(values(backend, "X-Forwarded-Client-Cert")).isEmpty();
		assertThat(values(backend, "X-SSL-Client-Cert")).isEmpty();
		assertThat(values(backend, "Client-Cert")).containsExactly(ForwardedCertificateHeaders.rfc9440(orders));
	}

	@Test
	void certificateHeaderSentStraightToTheBackendFromAnotherAddressIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(edge.backendPort(), "/orders/api/whoami", "Client-Cert", ForwardedCertificateHeaders.rfc9440(orders));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"").doesNotContain("\"identity\"");
	}

	static JsonNode backendSaw(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	static List<String> values(JsonNode backend, String header) {
		return backend.get(header).valueStream().map(JsonNode::asString).toList();
	}

}
