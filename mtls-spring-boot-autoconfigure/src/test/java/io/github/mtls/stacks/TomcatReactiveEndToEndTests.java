package io.github.mtls.stacks;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link ReactiveTomcatStack} must hold for the shared suite's results to mean anything: the
 * application is WebFlux served by Tomcat, not Reactor Netty, and {@link MtlsTest}'s
 * {@code server.ssl} settings reach Tomcat's connector: real TLS with {@code client-auth=need}, so
 * a client without a certificate never completes the handshake.
 */
@MtlsTest
@ReactiveTomcatStack
class TomcatReactiveEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=tomcat reactive orders,O=Acme");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
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

}
