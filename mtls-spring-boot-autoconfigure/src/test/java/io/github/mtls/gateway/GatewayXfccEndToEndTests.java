package io.github.mtls.gateway;

import java.util.Map;

import io.github.mtls.stacks.NonBlockingEventLoops;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static io.github.mtls.gateway.GatewayEndToEndTests.backendSaw;
import static io.github.mtls.gateway.GatewayEndToEndTests.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same edge with {@code mtls.gateway.forward-format=xfcc} and {@code mtls.proxy.header-format=xfcc}
 * on the backend: the gateway sets the header (one element, its own), so an element the client
 * wrote never reaches the backend.
 */
@ExtendWith(NonBlockingEventLoops.class)
class GatewayXfccEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=billing,O=Acme");

	static GatewayEdge edge;

	@BeforeAll
	static void start() {
		edge = GatewayEdge.start(pki, "xfcc", Map.of("orders", orders, "billing", billing));
	}

	@AfterAll
	static void stop() {
		edge.close();
	}

	@Test
	void pinnedClientForwardedAsXfccIsTheSameIdentityAtTheBackend() {
		JsonNode backend = backendSaw(edge.get(orders, "/api/whoami"));
		assertThat(backend.get("identity").asString()).isEqualTo("orders");
		assertThat(values(backend, "X-Forwarded-Client-Cert")).singleElement()
			.asString()
			.startsWith("Hash=" + orders.sha256() + ";");
	}

	@Test
	void clientSmugglingAnXfccElementGetsNothingFromIt() {
		JsonNode backend = backendSaw(edge.get(orders, "/api/whoami", "X-Forwarded-Client-Cert",
				ForwardedCertificateHeaders.xfcc(billing), "Client-Cert", ForwardedCertificateHeaders.rfc9440(billing)));
		assertThat(backend.get("identity").asString()).isEqualTo("orders");
		assertThat(values(backend, "X-Forwarded-Client-Cert")).singleElement()
			.asString()
			.startsWith("Hash=" + orders.sha256() + ";")
			.doesNotContain(billing.sha256());
		assertThat(values(backend, "Client-Cert")).isEmpty();
	}

}
