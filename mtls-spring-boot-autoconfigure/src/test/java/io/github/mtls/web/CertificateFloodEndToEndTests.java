package io.github.mtls.web;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.security.KeyPair;

import io.github.mtls.TestApplication;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.SegmentedCache;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory exhaustion of issue 16, finding 2, as the attack: thousands of distinct self-signed
 * certificates of about 14 KB (640 DNS names each), forwarded in proxy mode, once straight from the
 * trusted proxy's address and once through a real nginx with {@code ssl_verify_client
 * optional_no_ca}. Before the caches were bounded by bytes, each one stayed in memory (about 200 KB
 * of heap each) until the bound of 10,000 entries. Now every one is refused, the caches hold at
 * most their configured bytes, the heap after GC grows by less than {@link #HEAP_BOUND}, and the
 * pinned client stays served from its cached facts and verdict.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CertificateFloodEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final long PINNED_BYTES = 8L << 20;

	static final long STRANGER_BYTES = 4L << 20;

	/**
	 * The heap the flood may leave behind after GC: the three request-path caches at their bounds
	 * (3 × 12 MB) plus generous room for the JVM's own variation. Without the bounds 2,000
	 * certificates left about 300 MB.
	 */
	static final long HEAP_BOUND = 64L << 20;

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final KeyPair strangerKeys = TestCertificate.client("CN=stranger keys").build().keyPair();

	static TlsTerminatingProxy nginx;

	@DynamicPropertySource
	static void proxyMode(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		// Large enough for the attack's certificates, so that they reach the caches (the worst case).
		registry.add("mtls.max-certificate-size", () -> "20KB");
		registry.add("mtls.proxy.max-header-size", () -> "64KB");
		registry.add("server.max-http-request-header-size", () -> "128KB");
		registry.add("mtls.certificate-cache-memory", () -> PINNED_BYTES + "B");
		registry.add("mtls.unpinned-certificate-cache-memory", () -> STRANGER_BYTES + "B");
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
	}

	@LocalServerPort
	int port;

	@Autowired
	CertificateFactsCache facts;

	@Autowired
	ValidatedChains paths;

	@Autowired
	ForwardedCertificates forwarded;

	final MtlsClients clients = pki.clients();

	@AfterAll
	static void stopNginx() {
		if (nginx != null) {
			nginx.close();
			nginx = null;
		}
	}

	@Test
	void thousandsOfLargeStrangersFromTheTrustedProxyAreRefusedWithinTheCacheBounds() throws Exception {
		assertThat(fromProxy(orders).body()).contains("\"identity\":\"orders\"");
		CertificateFacts cached = this.facts.get(orders.certificate());
		long before = usedHeapAfterGc();
		for (int i = 0; i < 2000; i++) {
			TestCertificate stranger = TestCertificate.stranger(strangerKeys, 640);
			LoopbackClient.Response response = fromProxy(stranger);
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.body()).contains("\"reason\":\"certificate_untrusted\"");
		}
		assertWithinBounds(before);
		assertPinnedClientStillServedFromCache(fromProxy(orders).body(), cached);
	}

	@Test
	void hundredsOfLargeStrangersThroughNginxAreRefusedWithinTheCacheBounds() throws Exception {
		if (nginx == null) {
			nginx = TlsTerminatingProxy.nginx(pki, this.port)
				.header(HEADER, "$ssl_client_escaped_cert")
				.sourceAddress("127.0.0.2")
				.forwardUnverified()
				.start();
		}
		assertThat(throughNginx(orders).body()).contains("\"identity\":\"orders\"");
		CertificateFacts cached = this.facts.get(orders.certificate());
		long before = usedHeapAfterGc();
		for (int i = 0; i < 400; i++) {
			HttpResponse<String> response = throughNginx(TestCertificate.stranger(strangerKeys, 640));
			assertThat(response.statusCode()).as(nginx.log()).isEqualTo(403);
			assertThat(response.body()).contains("\"reason\":\"certificate_untrusted\"");
		}
		assertWithinBounds(before);
		assertPinnedClientStillServedFromCache(throughNginx(orders).body(), cached);
	}

	@Test
	void certificateOverMaxCertificateSizeIsRefusedBeforeAnythingIsCached() {
		long remembered = this.forwarded.cachedChains();
		LoopbackClient.Response response = fromProxy(TestCertificate.stranger(strangerKeys, 1000));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("\"reason\":\"certificate_too_large\"").doesNotContain("Exception");
		assertThat(this.forwarded.usage().strangerBytes()).isLessThanOrEqualTo(STRANGER_BYTES);
		assertThat(this.forwarded.cachedChains()).isLessThanOrEqualTo(remembered + 1);
	}

	private void assertWithinBounds(long before) {
		for (SegmentedCache.Usage usage : new SegmentedCache.Usage[] { this.facts.usage(), this.paths.usage(),
				this.forwarded.usage() }) {
			assertThat(usage.strangerBytes()).as(usage.toString()).isLessThanOrEqualTo(STRANGER_BYTES);
			assertThat(usage.pinnedBytes()).as(usage.toString()).isLessThanOrEqualTo(PINNED_BYTES);
			// The pinned client's entry was admitted before the flood and is still there.
			assertThat(usage.pinnedEntries()).as(usage.toString()).isGreaterThanOrEqualTo(1);
		}
		// The JDK's CertificateFactory keeps the last 750 certificates it decoded (soft references,
		// cleared before an OutOfMemoryError): displace them with small ones before measuring.
		for (int i = 0; i < 750; i++) {
			TestCertificate.stranger(strangerKeys, 0);
		}
		assertThat(usedHeapAfterGc() - before).isLessThan(HEAP_BOUND);
	}

	private void assertPinnedClientStillServedFromCache(String body, CertificateFacts cached) throws Exception {
		assertThat(body).contains("\"identity\":\"orders\"");
		// A cache hit: had the flood evicted them, the facts would have been derived again.
		assertThat(this.facts.get(orders.certificate())).isSameAs(cached);
	}

	private LoopbackClient.Response fromProxy(TestCertificate client) {
		return LoopbackClient.from("127.0.0.2").get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(client));
	}

	private HttpResponse<String> throughNginx(TestCertificate client) {
		return this.clients.get(client, nginx.url("/whoami"));
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
