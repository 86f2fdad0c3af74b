package io.github.mtls.test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link MtlsClients} against a real HTTPS server on loopback that demands a client certificate and
 * answers with the subject it received.
 */
class MtlsClientsTests {

	static final TestPki pki = TestPki.shared();

	static HttpsServer server;

	static String baseUrl;

	@BeforeAll
	static void startServer() throws Exception {
		server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		SSLContext context = pki.server().sslBundle().createSslContext();
		server.setHttpsConfigurator(new HttpsConfigurator(context) {
			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = context.getDefaultSSLParameters();
				ssl.setNeedClientAuth(true);
				parameters.setSSLParameters(ssl);
			}
		});
		server.createContext("/subject", (exchange) -> {
			X509Certificate client = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
			byte[] body = client.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		baseUrl = "https://localhost:" + server.getAddress().getPort();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@Test
	void httpClientPresentsTheIdentitysCertificate() {
		HttpResponse<String> response = pki.clients().get(pki.client("CN=orders,O=Acme"), baseUrl + "/subject");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("CN=orders,O=Acme");
	}

	@Test
	void restTestClientPresentsTheIdentitysCertificate() {
		pki.clients()
			.restTestClient(pki.client("CN=billing"), baseUrl)
			.get()
			.uri("/subject")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("CN=billing");
	}

	@Test
	void clientOfAnIssuingCaSendsItsChain() {
		TestCertificate issuing = TestCertificate.authority("CN=Issuing CA").certificateAuthority(0).signedBy(pki.root()).build();
		TestCertificate deep = TestCertificate.client("CN=deep").signedBy(issuing).build();
		assertThat(pki.clients().get(deep, baseUrl + "/subject").body()).isEqualTo("CN=deep");
	}

	@Test
	void clientWithoutCertificateIsRefusedByTheServer() {
		assertThatException().isThrownBy(() -> pki.clients().get(null, baseUrl + "/subject"));
	}

	@Test
	void clientTrustsOnlyTheTestPkiNotAServerFromAnotherCa() {
		TestPki other = TestPki.create("CN=Unrelated Root");
		assertThatException().isThrownBy(() -> other.clients().get(other.client("CN=orders"), baseUrl + "/subject"));
	}

}
