package io.github.mtls.stacks;

import java.net.http.HttpResponse;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mtls.core.Decision;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxy mode on both web stacks behind a real nginx and a real HAProxy: the proxy terminates mTLS
 * on loopback, forwards certificates it does not know (nginx {@code optional_no_ca}, HAProxy
 * {@code verify optional} ignoring errors, so every refusal below is the
 * application's own) in its own header format ({@code $ssl_client_escaped_cert},
 * {@code %[ssl_c_der,base64]}) over plain HTTP from 127.0.0.2, the only trusted proxy address. The attacks: a forged header sent straight to
 * the application, the same with {@code X-Forwarded-For} / {@code Forwarded} naming the proxy, and a
 * proxy header that is malformed, doubled or oversized. The leaf policy and path validation refuse
 * forwarded chains exactly as they refuse direct ones.
 */
abstract class ProxyBehaviour {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=proxied orders,O=Acme");

	static final TestCertificate unpinned = pki.client("CN=proxied stranger,O=Acme");

	static final TestCertificate serverAuthOnly = pki.client("CN=proxied orders,O=Acme", (c) -> c.serverAuthOnly());

	static final TestCertificate subCa = TestCertificate.authority("CN=proxied orders,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate untrusted = TestCertificate.client("CN=proxied orders,O=Acme")
		.signedBy(TestCertificate.authority("CN=Rogue CA").build())
		.build();

	/** One proxy per stack class: its upstream is that class's random port. */
	static TlsTerminatingProxy proxy;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32, ::ffff:127.0.0.2/128");
		registry.add("mtls.proxy.max-header-size", () -> "16KB");
		registry.add("server.max-http-request-header-size", () -> "64KB");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=proxied orders,O=Acme");
		registry.add("mtls.identities.orders.authorities", () -> "ORDERS_READ");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordedDecisions {

		@Bean
		Decisions decisions() {
			return new Decisions();
		}

	}

	static class Decisions extends CopyOnWriteArrayList<Decision> implements DecisionListener {

		@Override
		public void onDecision(Decision decision) {
			add(decision);
		}

		Decision last() {
			return get(size() - 1);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	Decisions decisions;

	final MtlsClients clients = pki.clients();

	/** The proxy, forwarding to {@code port} in its header format. */
	abstract TlsTerminatingProxy.Builder proxy(int port);

	/** What the proxy sends for {@code certificate}: what a forger sends too. */
	abstract String header(TestCertificate certificate);

	@BeforeEach
	void startProxy() {
		if (proxy == null) {
			proxy = proxy(this.port).sourceAddress("127.0.0.2").forwardUnverified().start();
		}
	}

	@AfterAll
	static void stopProxy() {
		if (proxy != null) {
			proxy.close();
			proxy = null;
		}
	}

	@Test
	void pinnedClientThroughTheProxyIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = throughProxy(orders);
		assertThat(response.statusCode()).as(proxy.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"ORDERS_READ\"", "\"FACTOR_X509\"");
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.2");
	}

	@Test
	void unpinnedClientThroughTheProxyIsRefused() {
		assertRefused(throughProxy(unpinned), 403, "identity_not_pinned");
	}

	@Test
	void clientWithoutCertificateThroughTheProxyIsRefused() {
		assertRefused(throughProxy(null), 401, "no_client_certificate");
	}

	@Test
	void certificateFromAnUnknownCaForwardedUnverifiedFailsPathValidation() {
		assertRefused(throughProxy(untrusted), 403, "certificate_untrusted");
	}

	@Test
	void pinnedNameWithoutClientAuthUsageFailsTheLeafPolicy() {
		// nginx refuses this one itself (unsuitable certificate purpose): the proxy's header, from its address.
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, header(serverAuthOnly));
		assertRefused(response, 403, "certificate_policy");
	}

	@Test
	void caCertificateWithThePinnedNameFailsTheLeafPolicy() {
		assertRefused(throughProxy(subCa), 403, "certificate_policy");
	}

	@Test
	void forgedHeaderSentStraightToTheApplicationIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(this.port, "/whoami", HEADER, header(orders));
		assertRefused(response, 403, "untrusted_proxy_header");
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.1");
	}

	@Test
	void forwardedForNamingTheProxyDoesNotMakeTheClientTheProxy() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(this.port, "/whoami", HEADER, header(orders), "X-Forwarded-For",
					"127.0.0.2", "Forwarded", "for=127.0.0.2", "X-Real-IP", "127.0.0.2");
		assertRefused(response, 403, "untrusted_proxy_header");
		assertThat(this.decisions.last().origin()).hasToString("proxy:127.0.0.1");
	}

	@Test
	void sameHeaderFromTheTrustedAddressIsAccepted() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, header(orders));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void malformedHeaderFromTheProxyIsABadRequestWithoutInternals() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, "-----BEGIN%20CERTIFICATE-----garbage");
		assertRefused(response, 400, "malformed_certificate_header");
		assertThat(response.body()).doesNotContain("garbage", "Exception");
	}

	@Test
	void twoCertificateHeadersAreRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, header(unpinned), HEADER,
					header(orders));
		assertRefused(response, 400, "malformed_certificate_header");
	}

	@Test
	void oversizedHeaderIsRefused() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, "A".repeat(20_000));
		assertRefused(response, 400, "malformed_certificate_header");
	}

	private HttpResponse<String> throughProxy(TestCertificate client) {
		return this.clients.get(client, proxy.url("/whoami"));
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(proxy.log()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain("\"identity\"");
	}

	static void assertRefused(LoopbackClient.Response response, int status, String reason) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain("\"identity\"");
	}

	static TlsTerminatingProxy.Builder nginx(int port) {
		return TlsTerminatingProxy.nginx(pki, port).header(HEADER, "$ssl_client_escaped_cert");
	}

	static TlsTerminatingProxy.Builder haproxy(int port) {
		return TlsTerminatingProxy.haproxy(pki, port).header(HEADER, "%[ssl_c_der,base64]");
	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, RecordedDecisions.class })
	static class OnServletBehindNginx extends ProxyBehaviour {

		@DynamicPropertySource
		static void format(DynamicPropertyRegistry registry) {
			registry.add("mtls.proxy.header-format", () -> "nginx");
		}

		@Override
		TlsTerminatingProxy.Builder proxy(int port) {
			return nginx(port);
		}

		@Override
		String header(TestCertificate certificate) {
			return ForwardedCertificateHeaders.nginx(certificate);
		}

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, RecordedDecisions.class })
	static class OnWebFluxBehindNginx extends OnServletBehindNginx {

	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, RecordedDecisions.class })
	static class OnServletBehindHaproxy extends ProxyBehaviour {

		@DynamicPropertySource
		static void format(DynamicPropertyRegistry registry) {
			registry.add("mtls.proxy.header-format", () -> "haproxy");
		}

		@Override
		TlsTerminatingProxy.Builder proxy(int port) {
			return haproxy(port);
		}

		@Override
		String header(TestCertificate certificate) {
			return ForwardedCertificateHeaders.haproxy(certificate);
		}

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, RecordedDecisions.class })
	static class OnWebFluxBehindHaproxy extends OnServletBehindHaproxy {

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, RecordedDecisions.class })
	static class OnWebFluxOnTomcatBehindNginx extends OnServletBehindNginx {

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, RecordedDecisions.class })
	static class OnWebFluxOnTomcatBehindHaproxy extends OnServletBehindHaproxy {

	}

}
