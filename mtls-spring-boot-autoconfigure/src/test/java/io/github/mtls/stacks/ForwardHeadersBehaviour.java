package io.github.mtls.stacks;

import io.github.mtls.TestApplication;
import io.github.mtls.stacks.reactive.ReactiveTestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.web.KubernetesPod;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, finding 1, on every stack: a forward-headers strategy (switched on by Kubernetes
 * detection, or set to {@code native} or {@code framework}) takes the remote address from
 * {@code X-Forwarded-For} (Tomcat's {@code RemoteIpValve}, Reactor Netty's forwarded handling,
 * Spring's {@code ForwardedHeaderFilter} or {@code ForwardedHeaderTransformer}). The attack: a client
 * at 127.0.0.1 claims to be the trusted proxy 127.0.0.2 and forges the nginx certificate header of a
 * pinned identity. The trusted-proxy check judges the connection's own peer address, so the attack
 * is refused while the real proxy, which adds {@code X-Forwarded-For} as proxies do, is still served.
 */
abstract class ForwardHeadersBehaviour {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate ops = pki.client("CN=forwarded ops,O=Acme");

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("server.max-http-request-header-size", () -> "64KB");
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
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
		assertThat(response.body()).contains("\"reason\":\"untrusted_proxy_header\"")
			.doesNotContain("\"identity\"", "ACTUATOR");
		assertThat(this.decisions.last().identity()).isNull();
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.1");
	}

	@Test
	void realProxyAddingXForwardedForIsStillServedWhileTheStrategyRewritesTheRemoteAddress() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/remote-address", "X-Forwarded-For", "10.1.2.3", HEADER,
					ForwardedCertificateHeaders.nginx(ops));
		assertThat(response.status()).isEqualTo(200);
		// The strategy is live: the application sees the forwarded address, the check saw the peer.
		assertThat(response.body()).isEqualTo("ops from 10.1.2.3");
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.2");
	}

	@Test
	void realProxyWithoutXForwardedForIsServed() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(ops));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"ops\"", "\"ACTUATOR\"");
	}

	@ServletStack(classes = { TestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@ContextConfiguration(initializers = KubernetesPod.class)
	static class OnServletInAKubernetesPod extends ForwardHeadersBehaviour {

	}

	@ServletStack(classes = { TestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	static class OnServletWithTheNativeStrategy extends ForwardHeadersBehaviour {

	}

	@ServletStack(classes = { TestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	static class OnServletWithTheFrameworkStrategy extends ForwardHeadersBehaviour {

	}

	@ReactiveStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@ContextConfiguration(initializers = KubernetesPod.class)
	static class OnWebFluxInAKubernetesPod extends ForwardHeadersBehaviour {

	}

	@ReactiveStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	static class OnWebFluxWithTheNativeStrategy extends ForwardHeadersBehaviour {

	}

	@ReactiveStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	static class OnWebFluxWithTheFrameworkStrategy extends ForwardHeadersBehaviour {

	}

	@ReactiveTomcatStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=native")
	static class OnWebFluxOnTomcatWithTheNativeStrategy extends ForwardHeadersBehaviour {

	}

	@ReactiveTomcatStack(classes = { ReactiveTestApplication.class, ProxyBehaviour.RecordedDecisions.class })
	@TestPropertySource(properties = "server.forward-headers-strategy=framework")
	static class OnWebFluxOnTomcatWithTheFrameworkStrategy extends ForwardHeadersBehaviour {

	}

}
