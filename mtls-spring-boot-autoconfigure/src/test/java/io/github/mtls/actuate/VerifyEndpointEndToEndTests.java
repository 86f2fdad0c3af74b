package io.github.mtls.actuate;

import java.math.BigInteger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import io.github.mtls.TestApplication;
import io.github.mtls.test.CrlEndpoint;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code verify} operation of the {@code mtls} endpoint over real TLS: an operator holding the
 * Actuator authority posts a PEM chain and reads every step of the decision a request presenting it
 * would get, from path building to the reason code, with revocation from a real CRL endpoint on
 * loopback. Nothing the endpoint does shows in the counters or the client activity.
 */
@SpringBootTest(classes = { TestApplication.class, VerifyEndpointEndToEndTests.Fixtures.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,mtls")
class VerifyEndpointEndToEndTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestPki pki = TestPki.shared();

	/** CRLs issued an hour before {@link #NOW}, valid for a day. */
	static final Clock CRL_CLOCK = Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC);

	static final CrlEndpoint rootCrl = CrlEndpoint.start(Revocations.of(pki.root())).clock(CRL_CLOCK);

	/** An intermediate CA that is not in the trust store: clients send it with their certificate. */
	static final TestCertificate intermediate = TestCertificate.authority("CN=Verify Issuing CA,O=Acme")
		.crlUrl(rootCrl.url())
		.signedBy(pki.root())
		.build();

	static final Revocations byIntermediate = Revocations.of(intermediate);

	static final CrlEndpoint intermediateCrl = CrlEndpoint.start(byIntermediate).clock(CRL_CLOCK);

	static final TestCertificate orders = TestCertificate.client("CN=orders,O=Acme")
		.crlUrl(intermediateCrl.url())
		.signedBy(intermediate)
		.build();

	/** The one client that makes real requests, which fill the revocation cache. */
	static final TestCertificate billing = TestCertificate.client("CN=billing,O=Acme")
		.crlUrl(intermediateCrl.url())
		.signedBy(intermediate)
		.build();

	static final TestCertificate revoked = TestCertificate.client("CN=revoked,O=Acme")
		.crlUrl(intermediateCrl.url())
		.signedBy(intermediate)
		.build();

	static final TestCertificate stranger = TestCertificate.client("CN=stranger,O=Acme")
		.crlUrl(intermediateCrl.url())
		.signedBy(intermediate)
		.build();

	/** Expired a day ago; names no revocation source. */
	static final TestCertificate expired = pki.client("CN=expired,O=Acme",
			(c) -> c.validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))));

	/** Pinned twice, by subject and by fingerprint. */
	static final TestCertificate twin = pki.client("CN=twin,O=Acme");

	static final TestCertificate ops = pki.client("CN=ops,O=Acme");

	static final TestCertificate viewer = pki.client("CN=viewer,O=Acme");

	static {
		byIntermediate.revoke(revoked.certificate().getSerialNumber(), NOW.minus(Duration.ofHours(2)),
				CRLReason.keyCompromise);
	}

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.partner.subject-dn", () -> "CN=verify-partner,O=Acme");
		registry.add("mtls.identities.partner.san-dns", () -> "partner.acme.test");
		registry.add("mtls.identities.billing.subject-dn", billing::subjectDn);
		registry.add("mtls.identities.revoked.subject-dn", revoked::subjectDn);
		registry.add("mtls.identities.expired.subject-dn", expired::subjectDn);
		registry.add("mtls.identities.ops.subject-dn", ops::subjectDn);
		registry.add("mtls.identities.ops.authorities", () -> "ACTUATOR");
		registry.add("mtls.identities.viewer.subject-dn", viewer::subjectDn);
		registry.add("mtls.identities.twin-by-subject.subject-dn", twin::subjectDn);
		registry.add("mtls.identities.twin-by-fingerprint.fingerprint-sha256", twin::sha256);
		registry.add("mtls.revocation.crl.timeout", () -> "5s");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Fixtures {

		@Bean
		TestClock clock() {
			return new TestClock(NOW);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	MeterRegistry meters;

	final MtlsClients clients = pki.clients();

	@AfterEach
	void reset() {
		this.clock.set(NOW);
	}

	@AfterAll
	static void stop() {
		rootCrl.close();
		intermediateCrl.close();
	}

	@Test
	void validChainIsExplainedStepByStepAndAccepted() {
		DocumentContext report = verify(orders.chainPem(), null);
		assertThat(report.read("$.at", String.class)).isEqualTo(NOW.toString());
		assertThat(report.read("$.path[*].role", List.class)).containsExactly("leaf", "intermediate", "anchor");
		assertThat(report.read("$.path[*].sha256", List.class)).containsExactly(orders.sha256(),
				intermediate.sha256(), pki.root().sha256());
		assertThat(report.read("$.path[0].subject", String.class)).isEqualTo("CN=orders,O=Acme");
		assertThat(report.read("$.path[0].issuer", String.class)).isEqualTo("CN=Verify Issuing CA,O=Acme");
		assertThat(report.read("$.path[0].serial", String.class)).isEqualTo(orders.serialHex());
		assertThat(report.read("$.path[1].issuer", String.class)).isEqualTo(pki.root().subjectDn());
		assertThat(report.read("$.presented[*].sha256", List.class)).containsExactly(orders.sha256(),
				intermediate.sha256());
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("valid");
		assertThat(report.read("$.chain.reason", String.class)).isNull();
		assertThat(report.read("$.leafPolicy.verdict", String.class)).isEqualTo("passed");
		assertThat(report.read("$.revocation[*].sha256", List.class)).containsExactly(orders.sha256(),
				intermediate.sha256());
		assertThat(report.read("$.revocation[*].status", List.class)).containsExactly("good", "good");
		assertThat(report.read("$.revocation[*].source", List.class)).containsExactly("crl", "crl");
		assertThat(report.read("$.revocation[*].location", List.class)).containsExactly(intermediateCrl.url(),
				rootCrl.url());
		assertThat(report.read("$.revocation[0].subject", String.class)).isEqualTo("CN=orders,O=Acme");
		// Only requests fill the cache, and no request ever presented this certificate.
		assertThat(report.read("$.revocation[0].cached", Boolean.class)).isFalse();
		assertThat(report.read("$.revocation[0].producedAt", String.class)).isEqualTo(NOW.toString());
		// The revocation max-ttl (5 minutes by default) ends before the CRL's nextUpdate (a day).
		assertThat(report.read("$.revocation[0].freshUntil", String.class))
			.isEqualTo(NOW.plus(Duration.ofMinutes(5)).toString());
		assertThat(report.read("$.identity.verdict", String.class)).isEqualTo("matched");
		assertThat(report.read("$.identity.identity", String.class)).isEqualTo("orders");
		assertThat(report.read("$.identity.candidates", List.class)).containsExactly("orders");
		assertThat(report.read("$.decision.outcome", String.class)).isEqualTo("accepted");
		assertThat(report.read("$.decision.status", Integer.class)).isEqualTo(200);
		assertThat(report.read("$.decision.identity", String.class)).isEqualTo("orders");
		assertThat(report.read("$.decision.reason", String.class)).isNull();
	}

	@Test
	void revocationStatusComesFromTheCacheOnceARequestHasFilledIt() {
		assertThat(this.clients.get(billing, url("/whoami")).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));
		DocumentContext report = verify(billing.chainPem(), null);
		assertThat(report.read("$.revocation[*].cached", List.class)).containsExactly(true, true);
		assertThat(report.read("$.revocation[*].source", List.class)).containsExactly("crl", "crl");
		assertThat(report.read("$.decision.outcome", String.class)).isEqualTo("accepted");
	}

	@Test
	void revokedCertificateIsRefusedWithTheCrlThatRevokedIt() {
		DocumentContext report = verify(revoked.chainPem(), null);
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("valid");
		assertThat(report.read("$.identity.identity", String.class)).isEqualTo("revoked");
		assertThat(report.read("$.revocation[0].sha256", String.class)).isEqualTo(revoked.sha256());
		assertThat(report.read("$.revocation[0].status", String.class)).isEqualTo("revoked");
		assertThat(report.read("$.revocation[0].source", String.class)).isEqualTo("crl");
		assertThat(report.read("$.revocation[0].location", String.class)).isEqualTo(intermediateCrl.url());
		assertThat(report.read("$.revocation[0].detail", String.class))
			.contains(NOW.minus(Duration.ofHours(2)).toString());
		assertThat(report.read("$.leafPolicy.verdict", String.class)).isEqualTo("not-checked");
		assertThat(report.read("$.decision.outcome", String.class)).isEqualTo("refused");
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("certificate_revoked");
		assertThat(report.read("$.decision.stage", String.class)).isEqualTo("revocation");
		assertThat(report.read("$.decision.status", Integer.class)).isEqualTo(403);
		assertThat(report.read("$.decision.identity", String.class)).isEqualTo("revoked");
	}

	@Test
	void expiredCertificateIsAcceptedBeforeItsExpiry() {
		Instant before = NOW.minus(Duration.ofDays(2));
		DocumentContext report = verify(expired.chainPem(), before.toString());
		assertThat(report.read("$.at", String.class)).isEqualTo(before.toString());
		assertThat(report.read("$.path[*].role", List.class)).containsExactly("leaf", "anchor");
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("valid");
		assertThat(report.read("$.leafPolicy.verdict", String.class)).isEqualTo("passed");
		assertThat(report.read("$.revocation[*].status", List.class)).containsExactly("unchecked");
		assertThat(report.read("$.revocation[0].source", String.class)).isEqualTo("none");
		assertThat(report.read("$.identity.identity", String.class)).isEqualTo("expired");
		assertThat(report.read("$.decision.outcome", String.class)).isEqualTo("accepted");
	}

	@Test
	void expiredCertificateIsRefusedAfterItsExpiry() {
		DocumentContext report = verify(expired.chainPem(), null);
		assertThat(report.read("$.at", String.class)).isEqualTo(NOW.toString());
		assertThat(report.read("$.path[*].sha256", List.class)).containsExactly(expired.sha256(),
				pki.root().sha256());
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("invalid");
		assertThat(report.read("$.chain.reason", String.class)).isEqualTo("certificate_expired");
		assertThat(report.read("$.leafPolicy.verdict", String.class)).isEqualTo("not-checked");
		assertThat(report.read("$.revocation", List.class)).isEmpty();
		assertThat(report.read("$.identity.verdict", String.class)).isEqualTo("not-checked");
		assertThat(report.read("$.decision.outcome", String.class)).isEqualTo("refused");
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("certificate_expired");
		assertThat(report.read("$.decision.stage", String.class)).isEqualTo("path");
		assertThat(report.read("$.decision.identity", String.class)).isEqualTo("expired");
	}

	@Test
	void certificateMissingOneSelectorOfAnIdentityIsExplainedByThatSelector() {
		TestCertificate partner = TestCertificate.client("CN=verify-partner,O=Acme")
			.sanDns("other.acme.test")
			.crlUrl(intermediateCrl.url())
			.signedBy(intermediate)
			.build();
		DocumentContext report = verify(partner.chainPem(), null);
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("identity_not_pinned");
		assertThat(report.read("$.identity.detail", String.class)).isEqualTo("no pinned identity matches; identity "
				+ "'partner' matches subject-dn but not san-dns: certificate san-dns is \"other.acme.test\"");
	}

	@Test
	void unpinnedCertificateIsRefusedAsNotPinnedWithoutRevocationTraffic() {
		int downloads = intermediateCrl.downloads();
		DocumentContext report = verify(stranger.chainPem(), null);
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("valid");
		assertThat(report.read("$.leafPolicy.verdict", String.class)).isEqualTo("passed");
		assertThat(report.read("$.revocation", List.class)).isEmpty();
		assertThat(report.read("$.identity.verdict", String.class)).isEqualTo("not-pinned");
		assertThat(report.read("$.identity.identity", String.class)).isNull();
		assertThat(report.read("$.identity.candidates", List.class)).isEmpty();
		assertThat(report.read("$.identity.detail", String.class)).isEqualTo("no pinned identity matches");
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("identity_not_pinned");
		assertThat(report.read("$.decision.stage", String.class)).isEqualTo("identity");
		assertThat(report.read("$.decision.status", Integer.class)).isEqualTo(403);
		assertThat(intermediateCrl.downloads()).isEqualTo(downloads);
	}

	@Test
	void certificateOfTwoIdentitiesIsRefusedAsAmbiguousNamingBoth() {
		DocumentContext report = verify(twin.chainPem(), null);
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("valid");
		assertThat(report.read("$.identity.verdict", String.class)).isEqualTo("ambiguous");
		assertThat(report.read("$.identity.identity", String.class)).isNull();
		assertThat(report.read("$.identity.candidates", List.class))
			.containsExactlyInAnyOrder("twin-by-subject", "twin-by-fingerprint");
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("identity_ambiguous");
		assertThat(report.read("$.decision.stage", String.class)).isEqualTo("identity");
	}

	@Test
	void chainWithoutItsIntermediateCannotBeBuiltToAnAnchor() {
		DocumentContext report = verify(orders.certificatePem(), null);
		assertThat(report.read("$.presented[*].sha256", List.class)).containsExactly(orders.sha256());
		assertThat(report.read("$.path[*].sha256", List.class)).isEmpty();
		assertThat(report.read("$.chain.verdict", String.class)).isEqualTo("invalid");
		assertThat(report.read("$.chain.reason", String.class)).isEqualTo("certificate_untrusted");
		assertThat(report.read("$.chain.detail", String.class)).isNotBlank();
		assertThat(report.read("$.leafPolicy.verdict", String.class)).isEqualTo("not-checked");
		assertThat(report.read("$.identity.verdict", String.class)).isEqualTo("not-checked");
		assertThat(report.read("$.revocation", List.class)).isEmpty();
		assertThat(report.read("$.decision.reason", String.class)).isEqualTo("certificate_untrusted");
		assertThat(report.read("$.decision.stage", String.class)).isEqualTo("path");
	}

	@Test
	void verifyingChangesNoCounterAndNoClientActivity() {
		double before = authentications();
		String activity = this.clients.get(ops, url("/actuator/mtls/orders")).body();
		Object hitRatio = json(this.clients.get(ops, url("/actuator/mtls"))).read("$.revocation.cacheHitRatio");
		Object sources = json(this.clients.get(ops, url("/actuator/mtls"))).read("$.revocation.sources");
		verify(orders.chainPem(), null);
		verify(stranger.chainPem(), null);
		verify(revoked.chainPem(), null);
		assertThat(authentications()).isEqualTo(before);
		assertThat(json(this.clients.get(ops, url("/actuator/mtls"))).read("$.revocation.cacheHitRatio", Object.class))
			.isEqualTo(hitRatio);
		// A CRL downloaded for a verify is dropped, and its source's health is not recorded.
		assertThat(json(this.clients.get(ops, url("/actuator/mtls"))).read("$.revocation.sources", Object.class))
			.isEqualTo(sources);
		assertThat(this.clients.get(ops, url("/actuator/mtls/orders")).body()).isEqualTo(activity);
		assertThat(this.clients.get(ops, url("/actuator/mtls")).body()).doesNotContain(stranger.sha256());
	}

	@Test
	void identityWithoutTheActuatorAuthorityIsDenied() {
		HttpResponse<String> response = post(viewer, body(orders.chainPem(), null));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"access_denied\"").doesNotContain("path");
	}

	@Test
	void malformedPemIsABadRequestNamingTheChain() {
		HttpResponse<String> response = post(ops, body("-----BEGIN CERTIFICATE-----\nnot base64!\n"
				+ "-----END CERTIFICATE-----\n", null));
		assertThat(response.statusCode()).isEqualTo(400);
		DocumentContext error = json(response);
		assertThat(error.read("$.field", String.class)).isEqualTo("chain");
		assertThat(error.read("$.message", String.class)).startsWith("chain ");
	}

	@Test
	void certificateThatIsNotX509IsABadRequest() {
		HttpResponse<String> response = post(ops, body("-----BEGIN CERTIFICATE-----\nAAAA\n"
				+ "-----END CERTIFICATE-----\n", null));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).read("$.message", String.class))
			.startsWith("chain is not readable as PEM certificates: ");
	}

	@Test
	void privateKeyInTheChainIsABadRequestThatDoesNotEchoIt() {
		HttpResponse<String> response = post(ops, body(orders.chainPem() + orders.privateKeyPem(), null));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).read("$.message", String.class))
			.isEqualTo("chain holds 3 PEM blocks of which 2 are complete certificates; submit certificates only (no keys)");
		assertThat(response.body()).doesNotContain("PRIVATE KEY");
	}

	@Test
	void missingChainIsABadRequest() {
		HttpResponse<String> response = post(ops, "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).read("$.field", String.class)).isEqualTo("chain");
		assertThat(json(response).read("$.message", String.class)).startsWith("chain is required");
	}

	@Test
	void badInstantIsABadRequestNamingAt() {
		HttpResponse<String> response = post(ops, body(orders.chainPem(), "yesterday"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).read("$.field", String.class)).isEqualTo("at");
		assertThat(json(response).read("$.message", String.class))
			.isEqualTo("at 'yesterday' is not an ISO-8601 instant, such as 2030-01-01T00:00:00Z");
	}

	@Test
	void bodyThatIsNotJsonIsABadRequestWithoutAStackTrace() {
		HttpResponse<String> response = post(ops, "chain=" + orders.certificatePem());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception", "at org.");
	}

	/** Every authentication counted, but those of ops, who calls the endpoint. */
	/** The attack of issue 16: a body that cost Boot's PEM pattern quadratic time (55 s of CPU at 110 KB). */
	static String quadratic(int bytes) {
		return "-----BEGIN " + "CERTIFICATE".repeat(bytes / 11);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("oversizedBodies")
	void bodyOverTheLimitIsRefused413WithinSeconds(String name, String body) {
		HttpResponse<String> response = postWithin(Duration.ofSeconds(5), BodyPublishers.ofString(body));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).read("$.status", Integer.class)).isEqualTo(413);
		assertThat(response.body()).doesNotContain("CERTIFICATE");
	}

	static Stream<Arguments> oversizedBodies() {
		return Stream.of(Arguments.of("1 MB chain", body("A".repeat(1 << 20), null)),
				Arguments.of("110 KB quadratic pattern", body(quadratic(110_000), null)),
				Arguments.of("1 MB quadratic pattern", body(quadratic(1 << 20), null)),
				Arguments.of("1 MB of BEGIN lines", body("-----BEGIN CERTIFICATE-----\n".repeat(40_000), null)),
				Arguments.of("1 MB of JSON nesting", "[".repeat(1 << 20)));
	}

	@Test
	void chunkedBodyWithoutContentLengthOverTheLimitIsRefused413() {
		byte[] body = body(quadratic(1 << 20), null).getBytes(StandardCharsets.US_ASCII);
		// An input-stream publisher sends no Content-Length: the server cannot refuse it unread.
		HttpResponse<String> response = postWithin(Duration.ofSeconds(5),
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		assertThat(response.statusCode()).isEqualTo(413);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("adversarialChainsWithinTheLimit")
	void adversarialChainWithinTheLimitIsA400WithinSeconds(String name, String chain, String message) {
		HttpResponse<String> response = postWithin(Duration.ofSeconds(5),
				BodyPublishers.ofString(body(chain, null)));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).read("$.field", String.class)).isEqualTo("chain");
		assertThat(json(response).read("$.message", String.class)).isEqualTo(message);
	}

	static Stream<Arguments> adversarialChainsWithinTheLimit() {
		String notPem = "chain is not readable as PEM certificates: ";
		return Stream.of(Arguments.of("60 KB quadratic pattern", quadratic(60_000),
				"chain holds 1 PEM blocks of which 0 are complete certificates; submit certificates only (no keys)"),
				Arguments.of("BEGIN line then 60 KB of base64 without END",
						"-----BEGIN CERTIFICATE-----\n" + "A".repeat(60_000), notPem + "PEM block without END line"),
				Arguments.of("2,000 BEGIN lines", "-----BEGIN CERTIFICATE-----\n".repeat(2_000),
						"chain has more than 32 certificates"),
				Arguments.of("60 KB of dashes", "-".repeat(60_000),
						"chain holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
				Arguments.of("certificate then 60 KB of whitespace and a stray BEGIN",
						orders.certificatePem() + " ".repeat(60_000) + "-----BEGIN CERTIFICATE",
						"chain holds 2 PEM blocks of which 1 are complete certificates; submit certificates only (no keys)"),
				Arguments.of("certificate then 60 KB of text", orders.certificatePem() + "x".repeat(60_000),
						notPem + "text outside PEM certificate blocks"));
	}

	@Test
	void chainWithinTheLimitIsStillExplained() {
		HttpResponse<String> response = postWithin(Duration.ofSeconds(5),
				BodyPublishers.ofString(body(orders.chainPem() + "\n".repeat(25_000), null)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).read("$.decision.identity", String.class)).isEqualTo("orders");
	}

	/** Posts as {@code ops} with a client timeout: an answer later than {@code limit} fails the test. */
	private HttpResponse<String> postWithin(Duration limit, HttpRequest.BodyPublisher body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url("/actuator/mtls")))
			.timeout(limit)
			.header("Content-Type", "application/json")
			.POST(body)
			.build();
		try {
			return this.clients.httpClient(ops).send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private double authentications() {
		return this.meters.find("mtls.authentications")
			.counters()
			.stream()
			.filter((counter) -> !"ops".equals(counter.getId().getTag("identity")))
			.mapToDouble(Counter::count)
			.sum();
	}

	private DocumentContext verify(String chain, String at) {
		HttpResponse<String> response = post(ops, body(chain, at));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private HttpResponse<String> post(TestCertificate identity, String body) {
		return this.clients.post(identity, url("/actuator/mtls"), body);
	}

	private String url(String path) {
		return "https://localhost:" + this.port + path;
	}

	private static String body(String chain, String at) {
		return "{\"chain\":" + quoted(chain) + ((at != null) ? ",\"at\":" + quoted(at) : "") + "}";
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
				+ "\"";
	}

	private static DocumentContext json(HttpResponse<String> response) {
		// A null member may be left out of the document: read a missing leaf as null.
		return JsonPath.using(Configuration.defaultConfiguration().addOptions(Option.DEFAULT_PATH_LEAF_TO_NULL))
			.parse(response.body());
	}

}
