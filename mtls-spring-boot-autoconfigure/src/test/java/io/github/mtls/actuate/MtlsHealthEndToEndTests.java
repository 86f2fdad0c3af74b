package io.github.mtls.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mtls.TestApplication;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client trust from its own SSL bundle ({@code mtls.trust.bundle}) whose only CA has expired:
 * health is DOWN over real TLS, and follows the bundle when it is reloaded.
 */
@SpringBootTest(classes = { TestApplication.class, MtlsHealthEndToEndTests.Clocks.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,mtls,prometheus",
				"mtls.trust.bundle=clients" })
class MtlsHealthEndToEndTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestPki pki = TestPki.shared();

	static final TestCertificate expiredCa = TestCertificate.authority("CN=Retired CA,O=Acme")
		.validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(2)))
		.build();

	static final TestCertificate renewedCa = TestCertificate.authority("CN=Renewed CA,O=Acme")
		.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)))
		.build();

	// Clients of the CAs of the client trust bundle: the starter validates every path against it.
	static final TestCertificate ops = TestCertificate.client("CN=ops,O=Acme").signedBy(expiredCa).build();

	static final TestCertificate viewer = TestCertificate.client("CN=viewer,O=Acme").signedBy(expiredCa).build();

	static final TestCertificate renewedOps = TestCertificate.client("CN=ops,O=Acme").signedBy(renewedCa).build();

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties(expiredCa, renewedCa).forEach((key, value) -> registry.add(key, () -> value));
		registry.add("spring.ssl.bundle.pem.clients.truststore.certificate", expiredCa::certificatePem);
		// The startup audit refuses an expired anchor; this test needs the application running with one.
		registry.add("mtls.audit.allow-expired-certificates", () -> "true");
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
		registry.add("mtls.identities.viewer.subject-dn", viewer::subjectDn);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		TestClock clock() {
			return new TestClock(NOW);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	SslBundleRegistry bundles;

	final MtlsClients clients = pki.clients();

	@AfterEach
	void restoreTrustBundle() {
		this.bundles.updateBundle("clients", trustBundle(expiredCa));
	}

	@Test
	void healthIsDownWhenEveryTrustAnchorHasExpired() {
		HttpResponse<String> response = get(ops, "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(503);
		DocumentContext health = JsonPath.parse(response.body());
		assertThat(health.read("$.status", String.class)).isEqualTo("DOWN");
		assertThat(health.read("$.components.mtls.status", String.class)).isEqualTo("DOWN");
		assertThat(health.read("$.components.mtls.details.trust", String.class)).contains("bundle 'clients'");
		assertThat(health.read("$.components.mtls.details.invalid[*].name", List.class)).containsExactly("Retired CA");
		assertThat(health.read("$.components.mtls.details.invalid[0].remainingSeconds", Long.class))
			.isEqualTo(-Duration.ofDays(2).toSeconds());
	}

	@Test
	void identityWithoutTheAuthoritySeesOnlyTheStatus() {
		HttpResponse<String> response = get(viewer, "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(JsonPath.parse(response.body()).read("$.status", String.class)).isEqualTo("DOWN");
		assertThat(response.body()).doesNotContain("components", "Retired CA");
	}

	@Test
	void reloadedTrustBundleIsFollowedByHealthEndpointAndGauge() {
		this.bundles.updateBundle("clients", trustBundle(renewedCa));
		assertThat(get(ops, "/actuator/health/mtls").statusCode()).isEqualTo(403);
		assertThat(get(renewedOps, "/actuator/health/mtls").statusCode()).isEqualTo(200);
		DocumentContext report = JsonPath.parse(get(renewedOps, "/actuator/mtls").body());
		assertThat(report.read("$.trust.anchors[*].sha256", List.class)).containsExactly(renewedCa.sha256());
		String scrape = get(renewedOps, "/actuator/prometheus").body();
		assertThat(scrape).contains("mtls_certificate_expiry_seconds{name=\"Renewed CA\",role=\"trust-anchor\"")
			.doesNotContain("name=\"Retired CA\"");
	}

	private static SslBundle trustBundle(TestCertificate ca) {
		return SslBundle.of(SslStoreBundle.of(null, null, ca.trustStore()));
	}

	private HttpResponse<String> get(TestCertificate client, String path) {
		return this.clients.get(client, "https://localhost:" + this.port + path);
	}

}
