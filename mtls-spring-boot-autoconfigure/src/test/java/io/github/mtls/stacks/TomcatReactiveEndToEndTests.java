package io.github.mtls.stacks;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.OcspResponder;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link ReactiveTomcatStack} must hold for the shared suite's results to mean anything: the
 * application is WebFlux served by Tomcat, not Reactor Netty, and {@link MtlsTest}'s
 * {@code server.ssl} settings reach Tomcat's connector: real TLS with {@code client-auth=need}, so
 * a client without a certificate never completes the handshake. And the reactive adapter needs no
 * blocking there either: Tomcat has no event loop for BlockHound to guard, so the server runs with
 * one worker thread, and a request waiting for a revocation status must leave it free for others.
 */
@MtlsTest
@ReactiveTomcatStack
@TestPropertySource(properties = { "server.tomcat.threads.max=1", "server.tomcat.threads.min-spare=1" })
class TomcatReactiveEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=tomcat reactive orders,O=Acme");

	static final OcspResponder ocsp = OcspResponder.start(Revocations.of(pki.root()));

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.revocation.ocsp.timeout", () -> "10s");
	}

	@AfterAll
	static void stopResponder() {
		ocsp.close();
	}

	@Autowired
	ReactiveWebServerApplicationContext context;

	@Autowired
	TestIdentities server;

	@Test
	void webFluxIsServedByTomcat() {
		assertThat(this.context.getWebServer()).isInstanceOf(TomcatWebServer.class);
		assertThat(this.context.getBean(TomcatReactiveWebServerFactory.class)).isNotNull();
	}

	/** With {@code client-auth=want} this request would reach the application and get a 401. */
	@Test
	void clientWithoutACertificateIsRefusedInTheHandshake() {
		assertThatThrownBy(() -> pki.clients().get(null, this.server.baseUrl() + "/whoami"))
			.isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void pinnedClientIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = pki.clients().get(orders, this.server.baseUrl() + "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"", "\"FACTOR_X509\"");
	}

	@Test
	void requestWaitingForARevocationStatusLeavesTheOnlyWorkerFreeForOthers() throws Exception {
		ocsp.fault(ResponderFault.SLOW).slowDelay(Duration.ofSeconds(3));
		TestCertificate checked = pki.client(orders.subjectDn(), (c) -> c.ocspUrl(ocsp.url()));
		CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> whoami(checked));
		while (ocsp.requests() == 0) {
			assertThat(waiting).as("the status is fetched before the request is answered").isNotDone();
			Thread.sleep(10);
		}
		// The fetch is under way: had the worker waited for it, this request would be answered after it.
		assertThat(whoami(orders).statusCode()).isEqualTo(200);
		assertThat(waiting).as("still waiting for the responder").isNotDone();
		assertThat(waiting.get().statusCode()).isEqualTo(200);
		assertThat(waiting.get().body()).contains("\"identity\":\"orders\"");
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

}
