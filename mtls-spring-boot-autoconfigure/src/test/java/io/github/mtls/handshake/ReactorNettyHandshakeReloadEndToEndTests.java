package io.github.mtls.handshake;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.github.mtls.reload.RotatingServerBundle;
import io.github.mtls.stacks.ReactiveStack;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client CA rotated on a running Reactor Netty server ({@code reload-on-update} of the server's
 * SSL bundle): the reload reaches Netty's handshake, which accepts the new CA's client from then on,
 * and the handshake of the reloaded bundle is observed too, refusing the old CA's client visibly. The
 * bundle's own settings (here its protocols) still shape the observed handshake.
 */
@ReactiveStack
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReactorNettyHandshakeReloadEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate oldCa = TestCertificate.authority("CN=Netty Orders CA,O=Acme").build();

	static final TestCertificate newCa = TestCertificate.authority("CN=Netty Orders CA 2026,O=Acme").build();

	static final TestCertificate oldClient = TestCertificate.client("CN=orders,O=Acme").signedBy(oldCa).build();

	static final TestCertificate newClient = TestCertificate.client("CN=orders,O=Acme").signedBy(newCa).build();

	static final RotatingServerBundle bundle = RotatingServerBundle.trusting(oldCa.certificatePem());

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		bundle.register(registry, pki);
		registry.add("spring.ssl.bundle.pem.rotating.options.enabled-protocols", () -> "TLSv1.2");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	final MtlsClients clients = pki.clients();

	@Test
	@Order(1)
	void bundleOptionsStillShapeTheHandshake() throws IOException {
		try (SSLSocket socket = (SSLSocket) this.clients.sslContext(oldClient).getSocketFactory()
			.createSocket("localhost", this.port)) {
			socket.startHandshake();
			assertThat(socket.getSession().getProtocol()).as("the client offers TLS 1.3 too").isEqualTo("TLSv1.2");
		}
	}

	@Test
	@Order(2)
	void reloadedBundleReachesTheHandshakeAndItsRefusalsAreObserved(CapturedOutput output) throws Exception {
		double untrusted = untrusted();
		assertRefused(newClient);
		assertThat(untrusted()).as("the new CA's client, refused before the reload").isEqualTo(untrusted + 1);
		assertThat(whoami(oldClient)).isEqualTo(200);

		bundle.trust(newCa.certificatePem());
		await(() -> whoami(newClient) == 200);

		// Counted afresh: the polling above was refused (and counted) until the reload took effect.
		double reloaded = untrusted();
		assertRefused(oldClient);
		assertThat(untrusted()).as("the old CA's client, refused by the reloaded handshake").isEqualTo(reloaded + 1);
		assertThat(output).contains("mTLS refused certificate_untrusted: refused in the TLS handshake")
			.contains("sha256 " + oldClient.sha256())
			.contains("sha256 " + newClient.sha256());
	}

	private void assertRefused(TestCertificate client) {
		assertThatThrownBy(() -> HandshakeRefusalsEndToEndTests.handshake(client, "https://localhost:" + this.port))
			.isInstanceOfAny(SSLException.class, SocketException.class);
	}

	private double untrusted() {
		return this.meters.find("mtls.authentications").tag("reason", "certificate_untrusted").counters().stream()
			.mapToDouble(Counter::count).sum();
	}

	private int whoami(TestCertificate client) {
		try {
			return this.clients.get(client, "https://localhost:" + this.port + "/whoami").statusCode();
		}
		catch (RuntimeException ex) {
			return -1; // refused by the handshake
		}
	}

	/** Polls with a deadline: the quiet period plus a generous margin for a loaded machine. */
	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("The reload was not seen within 30s");
			}
			Thread.sleep(50);
		}
	}


}
