package io.github.mtls.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.TestApplication;
import io.github.mtls.actuate.MtlsHealthIndicator;
import io.github.mtls.test.JdkCacerts;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client CA rotated on a running service through a Kubernetes-style mount ({@code ..data} symlink
 * swap) of the trust bundle with {@code reload-on-update}: the new CA's clients are accepted and
 * the removed CA's refused from the next request, on a connection kept alive across the swap too;
 * a store that fails the startup audits is not adopted.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustRotationEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate oldCa = TestCertificate.authority("CN=Orders CA,O=Acme").build();

	/** The same CA renewed with a new key: its clients name the same issuer. */
	static final TestCertificate newCa = oldCa.renewedWithNewKey().build();

	static final TestCertificate oldClient = TestCertificate.client("CN=orders,O=Acme").signedBy(oldCa).build();

	static final TestCertificate newClient = TestCertificate.client("CN=orders,O=Acme").signedBy(newCa).build();

	static final RotatingServerBundle bundle = RotatingServerBundle.trusting(oldCa.certificatePem());

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		bundle.register(registry, pki);
		registry.add("server.port", () -> "0");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	@Autowired
	CurrentConfiguration current;

	@Autowired
	MtlsHealthIndicator health;

	final MtlsClients clients = pki.clients();

	@Test
	@Order(1)
	void rotatedCaIsFollowedFromTheNextRequestOnAKeptAliveConnectionToo() throws Exception {
		HttpClient keptAlive = this.clients.httpClient(oldClient);
		assertThat(get(keptAlive).statusCode()).isEqualTo(200);
		assertThat(whoami(newClient)).isNotEqualTo(200);

		// The overlap: both CAs trusted.
		long before = this.current.get().generation();
		bundle.trust(oldCa.certificatePem() + newCa.certificatePem());
		await(() -> this.current.get().generation() > before);
		// Tomcat reloads its own SSL context in another update handler of the same bundle: the
		// handshake may take the new CA a moment after the starter does.
		await(() -> whoami(newClient) == 200);
		assertThat(get(keptAlive).statusCode()).isEqualTo(200);

		// The old CA removed: refused at once on the connection that stayed open across the swap.
		long overlap = this.current.get().generation();
		bundle.trust(newCa.certificatePem());
		await(() -> this.current.get().generation() > overlap);
		HttpResponse<String> refused = get(keptAlive);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("\"reason\":\"certificate_untrusted\"");
		assertThat(whoami(newClient)).isEqualTo(200);
	}

	@Test
	@Order(2)
	void storeWithAPublicCaIsNotAdoptedAndTheLastGoodAnchorsStay() throws Exception {
		long rejected = this.current.rejectedCount();
		HttpClient keptAlive = this.clients.httpClient(newClient);
		assertThat(get(keptAlive).statusCode()).isEqualTo(200);
		long generation = this.current.get().generation();

		bundle.trust(TestCertificate.pem(JdkCacerts.root()) + newCa.certificatePem());
		await(() -> this.current.rejectedCount() > rejected);

		assertThat(this.current.get().generation()).isEqualTo(generation);
		assertThat(this.current.get().anchors()).containsExactly(newCa.certificate());
		assertThat(this.current.lastRejected()).hasValueSatisfying(
				(rejection) -> assertThat(rejection.property()).isEqualTo("mtls.trust.allow-public-ca"));
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN);
		assertThat(get(keptAlive).statusCode()).isEqualTo(200);
		// Tomcat takes the store it was given in its own update handler: wait for its handshake.
		await(() -> whoami(newClient) == 200);

		// The next good store is taken, and health recovers.
		bundle.trust(newCa.certificatePem() + oldCa.certificatePem());
		await(() -> this.current.get().generation() > generation);
		assertThat(this.health.health(true).getStatus()).isNotEqualTo(Status.DOWN);
		await(() -> whoami(oldClient) == 200);
	}

	private int whoami(TestCertificate client) {
		try {
			return get(this.clients.httpClient(client)).statusCode();
		}
		catch (RuntimeException ex) {
			return -1; // refused by the handshake
		}
	}

	private HttpResponse<String> get(HttpClient client) {
		try {
			return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/whoami")).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Polls with a deadline: the quiet period plus a generous margin for a loaded machine. */
	static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("The reload was not seen within 30s");
			}
			Thread.sleep(50);
		}
	}


}
