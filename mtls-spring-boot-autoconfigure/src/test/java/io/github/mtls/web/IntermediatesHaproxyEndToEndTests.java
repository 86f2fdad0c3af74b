package io.github.mtls.web;

import java.net.http.HttpResponse;

import io.github.mtls.TestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TlsTerminatingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.mtls.web.IntermediatesProxyModeEndToEndTests.issuingCa;
import static io.github.mtls.web.IntermediatesProxyModeEndToEndTests.ofUnlistedCa;
import static io.github.mtls.web.IntermediatesProxyModeEndToEndTests.orders;
import static io.github.mtls.web.IntermediatesProxyModeEndToEndTests.outsideConstraints;
import static io.github.mtls.web.IntermediatesProxyModeEndToEndTests.pki;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PKI of {@link IntermediatesProxyModeEndToEndTests} behind a real HAProxy that forwards the
 * leaf alone ({@code %[ssl_c_der,base64]}, no chain header) and ignores every verification error
 * ({@code crt-ignore-err all}): the application trusts and pins the root only and completes the
 * path with {@code mtls.trust.intermediates}.
 */
@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IntermediatesHaproxyEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static TlsTerminatingProxy haproxy;

	@DynamicPropertySource
	static void leafOnlyProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.trust.anchors-sha256", pki.root()::sha256);
		registry.add("mtls.trust.intermediates.locations",
				() -> IntermediatesProxyModeEndToEndTests.pemFile(issuingCa));
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "haproxy");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2, ::ffff:127.0.0.2/128");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
		registry.add("mtls.identities.evil.subject-dn", () -> "CN=orders,O=Evil");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@BeforeEach
	void startHaproxy() {
		if (haproxy == null) {
			haproxy = TlsTerminatingProxy.haproxy(pki, this.port)
				.header(HEADER, "%[ssl_c_der,base64]")
				.sourceAddress("127.0.0.2")
				.forwardUnverified()
				.start();
		}
	}

	@AfterAll
	static void stopHaproxy() {
		if (haproxy != null) {
			haproxy.close();
			haproxy = null;
		}
	}

	@Test
	void clientWhoseLeafAloneIsForwardedIsAuthenticatedThroughTheConfiguredIntermediate() {
		HttpResponse<String> response = through(orders);
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void leafOutsideTheIssuingCasNameConstraintsIsRefused() {
		// HAProxy refuses this chain itself (a name-constraint violation at the CA is no leaf error
		// that crt-ignore-err covers), so the leaf arrives as HAProxy formats ssl_c_der.
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.haproxy(outsideConstraints));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_path_invalid\"");
	}

	@Test
	void leafOfAnIssuingCaTheApplicationDoesNotHoldIsUntrusted() {
		assertRefused(through(ofUnlistedCa), 403, "certificate_untrusted");
	}

	private HttpResponse<String> through(TestCertificate client) {
		return this.clients.get(client, haproxy.url("/whoami"));
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(haproxy.log()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
