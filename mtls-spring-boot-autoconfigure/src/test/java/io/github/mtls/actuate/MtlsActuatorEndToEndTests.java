package io.github.mtls.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import io.github.mtls.TestApplication;
import io.github.mtls.revocation.RevocationObserver;
import io.github.mtls.revocation.RevocationSnapshot;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real TLS on a random port, a fixed clock and certificates with chosen validity windows: what an
 * operator sees in {@code /actuator/mtls}, health and the Prometheus scrape, and who may see it.
 */
@SpringBootTest(classes = { TestApplication.class, MtlsActuatorEndToEndTests.Fixtures.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,mtls,prometheus")
class MtlsActuatorEndToEndTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestPki pki = TestPki.shared();

	/** A second trusted root that expires in 10 days. */
	static final TestCertificate partnerCa = TestCertificate.authority("CN=Partner CA,O=Partner")
		.validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(10)))
		.build();

	/** A CA certificate in the trust store that is not self-issued. */
	static final TestCertificate issuingCa = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(pki.root())
		.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(25)))
		.build();

	/** Expires in 20 days: within the default 30-day warning threshold. */
	static final TestCertificate orders = pki.client("CN=orders,O=Acme",
			(c) -> c.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(20))));

	static final TestCertificate ops = pki.client("CN=ops,O=Acme");

	static final TestCertificate viewer = pki.client("CN=viewer,O=Acme");

	static final TestCertificate stranger = pki.client("CN=stranger,O=Acme");

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties(partnerCa, issuingCa).forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
		registry.add("mtls.identities.viewer.subject-dn", viewer::subjectDn);
		registry.add("mtls.identities.idle.subject-dn", () -> "CN=idle,O=Acme");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Fixtures {

		@Bean
		TestClock clock() {
			return new TestClock(NOW);
		}

		@Bean
		SettableRevocation revocation() {
			return new SettableRevocation();
		}

	}

	/** A revocation checker whose state a test sets. */
	static class SettableRevocation implements RevocationObserver {

		static final RevocationSnapshot HEALTHY = new RevocationSnapshot(true, "ocsp-then-crl", "fail-closed", false,
				List.of(new RevocationSnapshot.Source("ocsp", "http://127.0.0.1/ocsp", NOW, null, null, null)), 3,
				0.75, Map.of("good", 3L));

		final AtomicReference<RevocationSnapshot> snapshot = new AtomicReference<>(HEALTHY);

		@Override
		public RevocationSnapshot snapshot() {
			return this.snapshot.get();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	SettableRevocation revocation;

	final MtlsClients clients = pki.clients();

	@AfterEach
	void reset() {
		this.clock.set(NOW);
		this.revocation.snapshot.set(SettableRevocation.HEALTHY);
	}

	@Test
	void pinnedClientsLastSeenCertificateAppearsAfterItsFirstRequest() {
		assertThat(get(orders, "/whoami").statusCode()).isEqualTo(200);
		DocumentContext identity = json(get(ops, "/actuator/mtls/orders"));
		assertThat(identity.read("$.lastSeen", String.class)).isEqualTo(NOW.toString());
		assertThat(identity.read("$.lastCertificate.sha256", String.class)).isEqualTo(orders.sha256());
		assertThat(identity.read("$.lastCertificate.serial", String.class)).isEqualTo(orders.serialHex());
		assertThat(identity.read("$.lastCertificate.subject", String.class)).isEqualTo("CN=orders,O=Acme");
		assertThat(identity.read("$.lastCertificate.remainingSeconds", Long.class))
			.isEqualTo(Duration.ofDays(20).toSeconds());
		assertThat(identity.read("$.lastCertificate.status", String.class)).isEqualTo("EXPIRING_SOON");
		assertThat(identity.read("$.accepted", Long.class)).isPositive();
		assertThat(identity.read("$.selectors.subject-dn[0]", String.class)).isEqualTo("cn=orders,o=acme");
	}

	@Test
	void identityNeverSeenIsListedWithoutLastCertificate() {
		DocumentContext report = json(get(ops, "/actuator/mtls"));
		assertThat(report.read("$.identities.idle.selectors.subject-dn[0]", String.class)).isEqualTo("cn=idle,o=acme");
		assertThat(report.read("$.identities.idle.lastSeen", String.class)).isNull();
		assertThat(report.read("$.identities.idle.lastCertificate", Object.class)).isNull();
		assertThat(report.read("$.identities.idle.accepted", Long.class)).isZero();
		assertThat(report.read("$.identities.ops.authorities[0]", String.class)).isEqualTo("ACTUATOR");
	}

	@Test
	void unknownIdentityIsNotFound() {
		assertThat(get(ops, "/actuator/mtls/nobody").statusCode()).isEqualTo(404);
	}

	@Test
	void remainingTimeAndStatusFollowTheClock() {
		get(orders, "/whoami");
		this.clock.set(NOW.plus(Duration.ofDays(21)));
		DocumentContext identity = json(get(ops, "/actuator/mtls/orders"));
		assertThat(identity.read("$.lastCertificate.remainingSeconds", Long.class))
			.isEqualTo(-Duration.ofDays(1).toSeconds());
		assertThat(identity.read("$.lastCertificate.status", String.class)).isEqualTo("EXPIRED");
	}

	@Test
	void serverChainTrustAnchorsAndIntermediatesAreListedWithTheirStatus() {
		DocumentContext report = json(get(ops, "/actuator/mtls"));
		assertThat(report.read("$.server[0].bundle", String.class)).isEqualTo(TestPki.BUNDLE);
		assertThat(report.read("$.server[0].certificates[0].sha256", String.class)).isEqualTo(pki.server().sha256());
		assertThat(report.read("$.trust.source", String.class)).isEqualTo("server.ssl");
		List<String> anchors = report.read("$.trust.anchors[*].sha256");
		assertThat(anchors).containsExactlyInAnyOrder(pki.root().sha256(), partnerCa.sha256());
		assertThat(report.read("$.trust.anchors[?(@.subject == 'CN=Partner CA,O=Partner')].remainingSeconds",
				List.class)).containsExactly((int) Duration.ofDays(10).toSeconds());
		assertThat(report.read("$.trust.anchors[?(@.subject == 'CN=Partner CA,O=Partner')].status", List.class))
			.containsExactly("EXPIRING_SOON");
		assertThat(report.read("$.trust.intermediates[*].sha256", List.class)).containsExactly(issuingCa.sha256());
	}

	@Test
	void trustedButUnpinnedCertificateAppearsInTheUnmatchedList() {
		HttpResponse<String> refused = get(stranger, "/whoami");
		assertThat(refused.statusCode()).isEqualTo(403);
		get(stranger, "/whoami");
		DocumentContext report = json(get(ops, "/actuator/mtls"));
		String entry = "$.unmatched[?(@.certificate.sha256 == '" + stranger.sha256() + "')]";
		assertThat(report.read(entry + ".count", List.class)).singleElement()
			.satisfies((count) -> assertThat(((Number) count).longValue()).isGreaterThanOrEqualTo(2));
		assertThat(report.read(entry + ".lastReason", List.class)).containsExactly("identity_not_pinned");
		assertThat(report.read(entry + ".certificate.subject", List.class)).containsExactly("CN=stranger,O=Acme");
	}

	@Test
	void revocationViewIsShownWhenACheckerExists() {
		DocumentContext report = json(get(ops, "/actuator/mtls"));
		assertThat(report.read("$.revocation.mode", String.class)).isEqualTo("ocsp-then-crl");
		assertThat(report.read("$.revocation.sources[0].kind", String.class)).isEqualTo("ocsp");
		assertThat(report.read("$.revocation.cacheHitRatio", Double.class)).isEqualTo(0.75);
	}

	@Test
	void healthDetailsNameWhatExpiresWithinTheThreshold() {
		get(orders, "/whoami");
		HttpResponse<String> response = get(ops, "/actuator/health/mtls");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext health = json(response);
		assertThat(health.read("$.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.details.expiring[?(@.role == 'client')].name", List.class)).contains("orders");
		assertThat(health.read("$.details.expiring[?(@.role == 'trust-anchor')].name", List.class))
			.contains("Partner CA");
	}

	@Test
	void healthIsDownWhileRevocationFailsUnderFailClosed() {
		this.revocation.snapshot.set(new RevocationSnapshot(true, "ocsp", "fail-closed", true, List.of(), 0, 0,
				Map.of()));
		HttpResponse<String> response = get(ops, "/actuator/health/mtls");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(json(response).read("$.status", String.class)).isEqualTo("DOWN");
		assertThat(json(response).read("$.details.revocation.failing", Boolean.class)).isTrue();
	}

	@Test
	void failingRevocationUnderFailOpenKeepsHealthUp() {
		this.revocation.snapshot.set(new RevocationSnapshot(true, "ocsp", "fail-open", true, List.of(), 0, 0,
				Map.of()));
		assertThat(get(ops, "/actuator/health/mtls").statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusScrapeHasTheExpirySeriesOfEveryRole() {
		get(orders, "/whoami");
		HttpResponse<String> response = get(ops, "/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body())
			.contains("mtls_certificate_expiry_seconds{name=\"orders\",role=\"client\",serial=\"" + orders.serialHex()
					+ "\"} " + (double) Duration.ofDays(20).toSeconds())
			.contains("mtls_certificate_expiry_seconds{name=\"Partner CA\",role=\"trust-anchor\",serial=\""
					+ partnerCa.serialHex() + "\"} " + (double) Duration.ofDays(10).toSeconds())
			.contains("mtls_certificate_expiry_seconds{name=\"Issuing CA\",role=\"intermediate\",serial=\""
					+ issuingCa.serialHex() + "\"}")
			.contains("mtls_certificate_expiry_seconds{name=\"" + TestPki.BUNDLE + "\",role=\"server\",serial=\""
					+ pki.server().serialHex() + "\"}");
	}

	@Test
	void prometheusScrapeCountsAuthenticationsByResultReasonAndIdentity() {
		get(orders, "/whoami");
		get(stranger, "/whoami");
		String scrape = get(ops, "/actuator/prometheus").body();
		assertThat(scrape)
			.contains("mtls_authentications_total{identity=\"orders\",reason=\"none\",result=\"accepted\"}")
			.contains("mtls_authentications_total{identity=\"unpinned\",reason=\"identity_not_pinned\",result=\"refused\"}")
			.doesNotContain("identity=\"CN=stranger");
	}

	@Test
	void identityWithoutTheAuthorityIsDeniedTheMtlsEndpoint() {
		HttpResponse<String> response = get(viewer, "/actuator/mtls");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"access_denied\"");
		assertThat(get(viewer, "/actuator/prometheus").statusCode()).isEqualTo(403);
		assertThat(get(viewer, "/actuator").statusCode()).isEqualTo(403);
	}

	@Test
	void anyIdentityGetsHealthButOnlyTheAuthorityGetsDetails() {
		HttpResponse<String> plain = get(viewer, "/actuator/health");
		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(plain.body()).contains("\"status\":\"UP\"").doesNotContain("components", "mtls");
		assertThat(get(ops, "/actuator/health").body()).contains("\"mtls\"", "\"expiring\"");
	}

	private HttpResponse<String> get(TestCertificate client, String path) {
		return this.clients.get(client, "https://localhost:" + this.port + path);
	}

	private static DocumentContext json(HttpResponse<String> response) {
		// A null member may be left out of the document: read a missing leaf as null.
		return JsonPath.using(Configuration.defaultConfiguration().addOptions(Option.DEFAULT_PATH_LEAF_TO_NULL))
			.parse(response.body());
	}

}
