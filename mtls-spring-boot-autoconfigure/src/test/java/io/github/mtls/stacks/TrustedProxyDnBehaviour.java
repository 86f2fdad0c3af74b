package io.github.mtls.stacks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import io.github.mtls.web.ClientCertificateResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application, on every web stack, serves HTTPS with client certificates and sits behind a real
 * nginx that connects to it over mTLS with its own certificate ({@code trusted-proxy-dn}), from
 * 127.0.0.2. A second nginx on the same trusted address but with another certificate is an
 * impostor. Clients may also connect directly with their own certificate (mixed mode). Trust anchors
 * come from {@code server.ssl} here: no {@code mtls.trust.bundle} is needed when the server's own
 * trust store holds the client CA.
 */
abstract class TrustedProxyDnBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate edgeProxy = pki.client("CN=edge-proxy,O=Acme");

	static final TestCertificate impostorProxy = pki.client("CN=impostor-proxy,O=Acme");

	static TlsTerminatingProxy edge;

	static TlsTerminatingProxy impostor;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2");
		registry.add("mtls.proxy.trusted-proxy-dn", () -> "cn=Edge-Proxy, o=acme");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@BeforeEach
	void startProxies() {
		if (edge == null) {
			edge = TlsTerminatingProxy.nginx(pki, this.port)
				.header("X-SSL-Client-Cert", "$ssl_client_escaped_cert")
				.upstreamTls(edgeProxy)
				.start();
			impostor = TlsTerminatingProxy.nginx(pki, this.port)
				.header("X-SSL-Client-Cert", "$ssl_client_escaped_cert")
				.upstreamTls(impostorProxy)
				.start();
		}
	}

	@AfterAll
	static void stopProxies() {
		if (edge != null) {
			edge.close();
			impostor.close();
			edge = null;
		}
	}

	@Test
	void clientThroughTheTrustedProxyIsAuthenticatedAsItself() {
		HttpResponse<String> response = this.clients.get(orders, edge.url("/whoami"));
		assertThat(response.statusCode()).as(edge.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void proxyOnTheTrustedAddressWithAnotherCertificateIsRefused() {
		HttpResponse<String> response = this.clients.get(orders, impostor.url("/whoami"));
		assertThat(response.statusCode()).as(impostor.log()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"");
	}

	@Test
	void directClientIsAuthenticatedByItsOwnHandshake() {
		HttpResponse<String> response = this.clients.get(orders, "https://localhost:" + this.port + "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void directClientForgingTheHeaderIsRefused() throws Exception {
		TestCertificate stranger = pki.client("CN=stranger,O=Acme");
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/whoami"))
			.header("X-SSL-Client-Cert", ForwardedCertificateHeaders.nginx(orders))
			.build();
		HttpResponse<String> response = this.clients.httpClient(stranger)
			.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"");
	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, OnServlet.CertificateAttribute.class })
	static class OnServlet extends TrustedProxyDnBehaviour {

		/** The servlet attribute Spring Security's consumers read holds the client's certificate, not the proxy's. */
		@Test
		void theProxysOwnCertificateNeverReachesTheApplicationAsTheClients() {
			assertThat(this.clients.get(orders, edge.url("/attribute")).body()).isEqualTo(orders.subjectDn());
		}

		@RestController
		static class CertificateAttribute {

			@GetMapping("/attribute")
			String attribute(HttpServletRequest request) {
				X509Certificate[] chain = (X509Certificate[]) request
					.getAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE);
				return (chain != null) ? chain[0].getSubjectX500Principal().getName() : "none";
			}

		}

	}

	@ReactiveStack
	static class OnWebFlux extends TrustedProxyDnBehaviour {

	}

	@ReactiveTomcatStack
	static class OnWebFluxOnTomcat extends TrustedProxyDnBehaviour {

	}

}
