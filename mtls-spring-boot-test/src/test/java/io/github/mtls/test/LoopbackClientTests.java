package io.github.mtls.test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.util.Base64;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LoopbackClient} against a real HTTP server on loopback that answers with the peer address
 * and the headers it received; {@link ForwardedCertificateHeaders} values decoded back with the JDK.
 */
class LoopbackClientTests {

	static final TestPki pki = TestPki.shared();

	static HttpServer server;

	@BeforeAll
	static void startServer() throws Exception {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/echo", (exchange) -> {
			String body = exchange.getRemoteAddress().getAddress().getHostAddress() + "|"
					+ exchange.getRequestHeaders().get("X-Test");
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("X-Answer", "yes");
			// Length 0: chunked, as servlet containers often answer.
			exchange.sendResponseHeaders(200, 0);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@Test
	void requestComesFromTheChosenLoopbackAddress() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2").get(port(), "/echo", "X-Test", "a");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("127.0.0.2|[a]");
		assertThat(response.header("x-answer")).isEqualTo("yes");
	}

	@Test
	void repeatedHeadersAreSentAsSeparateLines() {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.1")
			.get(port(), "/echo", "X-Test", "a", "X-Test", "b");
		assertThat(response.body()).isEqualTo("127.0.0.1|[a, b]");
	}

	@Test
	void rfc9440AndHaproxyValuesAreTheDerInBase64() throws Exception {
		TestCertificate client = pki.client("CN=orders");
		String rfc9440 = ForwardedCertificateHeaders.rfc9440(client);
		assertThat(rfc9440).startsWith(":").endsWith(":");
		assertThat(parse(Base64.getDecoder().decode(rfc9440.substring(1, rfc9440.length() - 1))))
			.isEqualTo(client.certificate());
		assertThat(parse(Base64.getDecoder().decode(ForwardedCertificateHeaders.haproxy(client))))
			.isEqualTo(client.certificate());
	}

	@Test
	void urlEncodedPemFormatsEscapeWhatTheirProxiesEscape() {
		TestCertificate client = pki.client("CN=orders");
		assertThat(ForwardedCertificateHeaders.nginx(client)).startsWith("-----BEGIN%20CERTIFICATE-----%0A")
			.doesNotContain("+", "/", "=", "\n");
		assertThat(ForwardedCertificateHeaders.awsAlb(client)).doesNotContain("%2B", "%2F", "%3D", "\n");
		assertThat(ForwardedCertificateHeaders.xfcc(client)).startsWith("Hash=" + client.sha256() + ";Cert=\"");
		assertThat(ForwardedCertificateHeaders.traefik(client)).doesNotContain("BEGIN", ",", "+", "/");
	}

	static Object parse(byte[] der) throws Exception {
		return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
	}

	static int port() {
		return server.getAddress().getPort();
	}

}
