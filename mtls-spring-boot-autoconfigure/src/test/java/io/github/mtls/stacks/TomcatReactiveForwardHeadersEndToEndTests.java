package io.github.mtls.stacks;

import java.net.InetSocketAddress;

import io.github.mtls.stacks.reactive.ReactiveTestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxy mode on WebFlux served by Tomcat's reactive adapter while a forward-headers strategy takes
 * the remote address from {@code X-Forwarded-For} (Tomcat's {@code RemoteIpValve} for
 * {@code native}, Spring's {@code ForwardedHeaderTransformer} for {@code framework}). The attack: a
 * client at 127.0.0.1 claims to be the trusted proxy 127.0.0.2 and forges the nginx certificate
 * header of a pinned identity. The trusted-proxy check reads the socket's own peer, recorded by the
 * starter's valve on the servlet request beneath the exchange, so the attack is refused while the
 * real proxy, which adds {@code X-Forwarded-For} as proxies do, is still served.
 */
class TomcatReactiveForwardHeadersEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate ops = pki.client("CN=tomcat reactive ops,O=Acme");

	@Nested
	@NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
	@ReactiveTomcatStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class,
			RemoteAddress.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	class WithTheNativeStrategy extends Attack {

	}

	@Nested
	@NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
	@ReactiveTomcatStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class,
			RemoteAddress.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	class WithTheFrameworkStrategy extends Attack {

	}

	abstract static class Attack {

		@DynamicPropertySource
		static void proxyMode(DynamicPropertyRegistry registry) {
			registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
			registry.add("mtls.trust.bundle", () -> "clients");
			registry.add("mtls.proxy.enabled", () -> "true");
			registry.add("mtls.proxy.header-format", () -> "nginx");
			registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
			registry.add("server.max-http-request-header-size", () -> "64KB");
			registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		}

		@LocalServerPort
		int port;

		@Autowired
		ProxyBehaviour.Decisions decisions;

		@Test
		void clientClaimingTheProxyAddressInXForwardedForIsRefused() {
			LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
				.get(this.port, "/whoami", "X-Forwarded-For", "127.0.0.2", HEADER, ForwardedCertificateHeaders.nginx(ops));
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"").doesNotContain("\"identity\"");
			assertThat(this.decisions.last().identity()).isNull();
			assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.1");
		}

		@Test
		void realProxyAddingXForwardedForIsServedWhileTheStrategyRewritesTheRemoteAddress() {
			LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
				.get(this.port, "/remote-address", "X-Forwarded-For", "10.1.2.3", HEADER,
						ForwardedCertificateHeaders.nginx(ops));
			assertThat(response.status()).isEqualTo(200);
			// The strategy is live: the application sees the forwarded address, the check saw the peer.
			assertThat(response.body()).isEqualTo("ops from 10.1.2.3");
			assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.2");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RemoteAddress {

		/** Who called, and the remote address the application sees. */
		@Bean
		RouterFunction<ServerResponse> remoteAddress() {
			return RouterFunctions.route()
				.GET("/remote-address", (request) -> request.principal()
					.cast(Authentication.class)
					.flatMap((authentication) -> ServerResponse.ok()
						.bodyValue(authentication.getName() + " from " + request.remoteAddress()
							.map(InetSocketAddress::getHostString)
							.orElse("nowhere"))))
				.build();
		}

	}

}
