package io.github.mtls.spiffe;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.github.mtls.TestApplication;
import io.github.mtls.actuate.MtlsEndpoint;
import io.github.mtls.actuate.MtlsHealthIndicator;
import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.WorkloadApiServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Workload API over {@code tcp:}, and then gone: the current SVID keeps serving, the endpoint and
 * the meters show SPIFFE, and health turns DOWN once the SVID is about to expire with nobody to
 * rotate it.
 */
@SpringBootTest(classes = { TestApplication.class, SpiffeWorkloadApiOutageTests.Clocks.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpiffeWorkloadApiOutageTests {

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static final TestCertificate serverSvid = acme.svid("/server", (c) -> c.sanDns("localhost")).build();

	static final WorkloadApiServer workloadApi = WorkloadApiServer.onLoopbackTcp().serve(acme, serverSvid);

	@DynamicPropertySource
	static void spiffe(DynamicPropertyRegistry registry) {
		registry.add("mtls.spiffe.enabled", () -> "true");
		registry.add("management.endpoints.web.exposure.include", () -> "health,mtls");
		registry.add("mtls.spiffe.endpoint-socket", workloadApi::address);
		registry.add("mtls.spiffe.initial-backoff", () -> "100ms");
		registry.add("mtls.spiffe.max-backoff", () -> "200ms");
		registry.add("server.ssl.bundle", () -> "spiffe");
		registry.add("server.ssl.client-auth", () -> "need");
		registry.add("mtls.identities.billing.spiffe-id", () -> "spiffe://acme.test/billing");
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		TestClock clock() {
			return TestClock.now();
		}

	}

	@AfterAll
	static void stop() {
		workloadApi.close();
	}

	@Autowired
	TestClock clock;

	@Autowired
	MtlsHealthIndicator health;

	@Autowired
	MtlsEndpoint endpoint;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@Test
	@Order(1)
	void endpointShowsTheSvidTheBundlesAndTheLastUpdateOverTcp() {
		SpiffeStatus spiffe = this.endpoint.report().spiffe();

		assertThat(spiffe.svid().id()).isEqualTo("spiffe://acme.test/server");
		assertThat(spiffe.svid().serial()).isEqualTo(serverSvid.serialHex());
		assertThat(spiffe.bundles()).containsOnlyKeys("acme.test");
		assertThat(spiffe.lastUpdate()).isNotNull();
		assertThat(spiffe.workloadApi().connected()).isTrue();
		assertThat(this.meters.get("mtls.spiffe.svid.expiry").gauge().value()).isPositive();
		assertThat(this.meters.get("mtls.spiffe.updates").functionCounter().count()).isOne();
	}

	@Test
	@Order(2)
	void anSvidCloseToExpiryIsHealthyWhileTheWorkloadApiCanRotateIt() {
		this.clock.set(serverSvid.certificate().getNotAfter().toInstant().minus(Duration.ofMinutes(1)));
		try {
			Health health = this.health.health();
			assertThat(health.getStatus()).isNotEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("spiffe")).hasFieldOrPropertyWithValue("atRisk", false);
		}
		finally {
			this.clock.set(Instant.now());
		}
	}

	@Test
	@Order(3)
	void withTheWorkloadApiGoneTheSvidKeepsServingAndHealthTurnsDownNearItsExpiry() {
		workloadApi.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.endpoint.report().spiffe().workloadApi().connected());

		HttpResponse<String> response = acme.clients()
			.get(acme.svid("/billing").build(), "https://localhost:" + this.port + "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.health.health().getDetails().get("spiffe")).hasFieldOrPropertyWithValue("atRisk", false);
		assertThat(this.meters.get("mtls.spiffe.errors").functionCounter().count()).isPositive();

		this.clock.set(serverSvid.certificate().getNotAfter().toInstant().minus(Duration.ofMinutes(1)));
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("spiffe")).hasFieldOrPropertyWithValue("atRisk", true)
			.hasFieldOrPropertyWithValue("workloadApiConnected", false);
	}

}
