package io.github.mtls.spiffe;

import io.github.mtls.TestApplication;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.WorkloadApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proxy mode with SPIFFE: Envoy forwards the client's SVID in {@code x-forwarded-client-cert}; the
 * chain is validated again against the Workload API's bundles ({@code mtls.trust.bundle=spiffe}) and
 * the same selectors, SVID rules and trust-domain binding apply as in direct mode.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpiffeProxyModeEndToEndTests {

	static final String XFCC = "x-forwarded-client-cert";

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.test");

	static final WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket()
		.serve(acme, acme.svid("/app").build())
		.federateWith(partner);

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("mtls.spiffe.enabled", () -> "true");
		registry.add("mtls.spiffe.endpoint-socket", workloadApi::address);
		registry.add("mtls.trust.bundle", () -> "spiffe");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "xfcc");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("server.max-http-request-header-size", () -> "64KB");
		registry.add("mtls.identities.billing.spiffe-id", () -> "spiffe://acme.test/billing");
	}

	@AfterAll
	static void stop() {
		workloadApi.close();
	}

	@LocalServerPort
	int port;

	@Test
	void forwardedSvidPinnedBySpiffeIdIsAuthenticated() {
		LoopbackClient.Response response = forward(acme.svid("/billing").build());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"billing\"");
	}

	@Test
	void forwardedSvidOfALocalIdSignedByAFederatedCaIsRefusedAsUntrusted() {
		TestCertificate localIdByPartner = partner.svid("/billing", (c) -> TestCertificate.client("O=SPIRE,C=US")
			.sanUri("spiffe://acme.test/billing")
			.signedBy(partner.ca())).build();

		assertRefused(forward(localIdByPartner), 403, "certificate_untrusted");
	}

	@Test
	void forwardedSvidWithTwoUriSansIsRefusedAsCertificatePolicy() {
		assertRefused(forward(acme.svid("/billing", (c) -> c.sanUri("spiffe://acme.test/admin")).build()), 403,
				"certificate_policy");
	}

	@Test
	void forwardedSvidOfAnUnknownCaIsRefusedAsUntrusted() {
		assertRefused(forward(SpiffeTrustDomain.create("acme.test").svid("/billing").build()), 403,
				"certificate_untrusted");
	}

	private LoopbackClient.Response forward(TestCertificate client) {
		return LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", XFCC, ForwardedCertificateHeaders.xfcc(client));
	}

	private static void assertRefused(LoopbackClient.Response response, int status, String reason) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
