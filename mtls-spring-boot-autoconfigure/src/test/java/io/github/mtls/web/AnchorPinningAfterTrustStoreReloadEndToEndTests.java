package io.github.mtls.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A CA added to the trust store after startup authenticates nobody: the server's SSL bundle
 * reloads its trust store from a file, so once a second CA is appended, the TLS handshake accepts
 * that CA's certificates; with the original CA pinned, the starter refuses them.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnchorPinningAfterTrustStoreReloadEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate slippedInCa = TestCertificate.authority("CN=Slipped-in CA").build();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate impostor = TestCertificate.client("CN=orders,O=Acme").signedBy(slippedInCa).build();

	static final Path trustStore;

	static final Path directory;

	static {
		try {
			directory = Files.createTempDirectory("mtls-reload");
			trustStore = Files.writeString(directory.resolve("clients.pem"), pki.root().certificatePem());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) throws IOException {
		String bundle = "spring.ssl.bundle.pem.reloading.";
		registry.add(bundle + "keystore.certificate",
				() -> file("server.pem", pki.server().chainPem()));
		registry.add(bundle + "keystore.private-key", () -> file("server.key", pki.server().privateKeyPem()));
		registry.add(bundle + "truststore.certificate", () -> "file:" + trustStore);
		registry.add(bundle + "reload-on-update", () -> "true");
		registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
		registry.add("server.ssl.bundle", () -> "reloading");
		registry.add("server.ssl.client-auth", () -> "need");
		registry.add("server.port", () -> "0");
		registry.add("mtls.trust.anchors-sha256", pki.root()::sha256);
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Test
	void certificateOfACaAddedToTheTrustStoreAfterStartupIsRefusedAsUntrusted() throws Exception {
		assertThatException().as("handshake before the CA is added").isThrownBy(() -> whoami(impostor));
		Files.writeString(trustStore, slippedInCa.certificatePem(), StandardOpenOption.APPEND);
		HttpResponse<String> response = awaitHandshake(impostor, Duration.ofSeconds(30));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_untrusted\"");
		assertThat(whoami(orders).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> awaitHandshake(TestCertificate client, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			try {
				return whoami(client);
			}
			catch (RuntimeException ex) {
				if (Instant.now().isAfter(deadline)) {
					throw new AssertionError("The reloaded trust store was never used by the TLS handshake", ex);
				}
				Thread.sleep(200);
			}
		}
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return this.clients.get(client, "https://localhost:" + this.port + "/whoami");
	}

	private static String file(String name, String content) {
		try {
			return "file:" + Files.writeString(directory.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
