package io.github.mtls.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.mtls.TestApplication;
import io.github.mtls.actuate.CertificateInventory;
import io.github.mtls.actuate.MonitoredCertificate;
import io.github.mtls.policy.AnchorPinning;
import io.github.mtls.policy.CertificateRole;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.test.TlsTerminatingProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A two-tier PKI (root, then an issuing CA constrained to {@code O=Acme}, then clients) behind a
 * real nginx and a real HAProxy that forward only the client's leaf ({@code $ssl_client_escaped_cert},
 * {@code %[ssl_c_der,base64]}). The application trusts and pins the root only
 * ({@code mtls.trust.anchors-sha256}) and holds the issuing CA in {@code mtls.trust.intermediates}:
 * clients are validated through it to the root, with its name constraints and the root's pin in force.
 */
@SpringBootTest(classes = { TestApplication.class, ProxyModeTestConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IntermediatesProxyModeEndToEndTests {

	static final String HEADER = "X-SSL-Client-Cert";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate issuingCa = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.permittedSubtree("O=Acme")
		.signedBy(pki.root())
		.build();

	/** An issuing CA of the same root that the application does not hold. */
	static final TestCertificate unlistedCa = TestCertificate.authority("CN=Unlisted CA,O=Acme")
		.signedBy(pki.root())
		.build();

	/** An issuing CA the application holds, under a root it neither trusts nor pins. */
	static final TestCertificate foreignCa = TestCertificate.authority("CN=Foreign Issuing CA,O=Acme")
		.signedBy(TestCertificate.authority("CN=Foreign Root,O=Acme").build())
		.build();

	static final TestCertificate orders = TestCertificate.client("CN=orders,O=Acme").signedBy(issuingCa).build();

	static final TestCertificate outsideConstraints = TestCertificate.client("CN=orders,O=Evil")
		.signedBy(issuingCa)
		.build();

	static final TestCertificate ofUnlistedCa = TestCertificate.client("CN=orders,O=Acme")
		.signedBy(unlistedCa)
		.build();

	static final TestCertificate ofForeignRoot = TestCertificate.client("CN=orders,O=Acme")
		.signedBy(foreignCa)
		.build();

	static TlsTerminatingProxy nginx;

	static TlsTerminatingProxy haproxy;

	@DynamicPropertySource
	static void leafOnlyProxies(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", pki.root()::certificatePem);
		registry.add("mtls.trust.bundle", () -> "clients");
		registry.add("mtls.trust.anchors-sha256", pki.root()::sha256);
		registry.add("mtls.trust.intermediates.locations", () -> pemFile(issuingCa, foreignCa));
		registry.add("mtls.proxy.enabled", () -> "true");
		registry.add("mtls.proxy.header-format", () -> "nginx");
		registry.add("mtls.proxy.trusted-proxies", () -> "127.0.0.2/32");
		registry.add("mtls.proxy.max-header-size", () -> "16KB");
		registry.add("mtls.identities.orders.subject-dn", () -> "CN=orders,O=Acme");
		registry.add("mtls.identities.evil.subject-dn", () -> "CN=orders,O=Evil");
	}

	@LocalServerPort
	int port;

	@Autowired
	CertificateInventory inventory;

	@Autowired
	AnchorPinning pinning;

	@Autowired
	MeterRegistry meters;

	final MtlsClients clients = pki.clients();

	@BeforeEach
	void startProxies() {
		if (nginx == null) {
			nginx = TlsTerminatingProxy.nginx(pki, this.port)
				.header(HEADER, "$ssl_client_escaped_cert")
				.sourceAddress("127.0.0.2")
				.forwardUnverified()
				.start();
		}
	}

	@AfterAll
	static void stopProxies() {
		if (nginx != null) {
			nginx.close();
			nginx = null;
		}
		if (haproxy != null) {
			haproxy.close();
			haproxy = null;
		}
	}

	@Test
	void clientWhoseProxyForwardsOnlyTheLeafIsAuthenticatedThroughTheConfiguredIntermediate() {
		HttpResponse<String> response = this.clients.get(orders, nginx.url("/whoami"));
		assertThat(response.statusCode()).as(nginx.log()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void leafOutsideTheIssuingCasNameConstraintsIsRefused() {
		// nginx refuses this chain itself (it sees the issuing CA in the handshake), so the leaf
		// arrives as a proxy that checks nothing would forward it, in nginx's format.
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", HEADER, ForwardedCertificateHeaders.nginx(outsideConstraints));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_path_invalid\"");
	}

	@Test
	void leafOfAnIssuingCaTheApplicationDoesNotHoldIsUntrusted() {
		assertRefused(this.clients.get(ofUnlistedCa, nginx.url("/whoami")), 403, "certificate_untrusted");
	}

	@Test
	void configuredIntermediateUnderAnUntrustedRootDoesNotMakeItsClientsTrusted() {
		assertThat(this.pinning).isNotNull();
		assertRefused(this.clients.get(ofForeignRoot, nginx.url("/whoami")), 403, "certificate_untrusted");
	}

	@Test
	void actuatorInventoryListsTheIntermediatesWithTheirExpiry() {
		assertThat(this.inventory.intermediates()).extracting(MonitoredCertificate::name)
			.containsExactly("Issuing CA", "Foreign Issuing CA");
		assertThat(this.inventory.intermediates()).allSatisfy((certificate) -> {
			assertThat(certificate.role()).isEqualTo(CertificateRole.INTERMEDIATE);
			assertThat(certificate.facts().notAfter()).isNotNull();
		});
		assertThat(this.meters.get("mtls.certificate.expiry").tag("role", "intermediate").tag("name", "Issuing CA")
			.gauge().value()).isPositive();
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(nginx.log()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	static String pemFile(TestCertificate... certificates) {
		try {
			Path file = Files.createTempFile("intermediates", ".pem");
			file.toFile().deleteOnExit();
			StringBuilder pem = new StringBuilder();
			for (TestCertificate certificate : certificates) {
				pem.append(certificate.certificatePem());
			}
			Files.writeString(file, pem);
			return "file:" + file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
