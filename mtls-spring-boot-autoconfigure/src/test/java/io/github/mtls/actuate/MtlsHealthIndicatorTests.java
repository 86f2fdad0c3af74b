package io.github.mtls.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which certificates make the {@code mtls} health contributor DOWN, and which only warn.
 */
class MtlsHealthIndicatorTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestCertificate root = TestCertificate.authority("CN=Root")
		.validity(NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(1000)))
		.build();

	static final TestCertificate expiredRoot = TestCertificate.authority("CN=Old Root")
		.validity(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1)))
		.build();

	static final TestCertificate server = TestCertificate.server("localhost")
		.signedBy(root)
		.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(200)))
		.build();

	static final TestCertificate expiringServer = TestCertificate.server("localhost")
		.signedBy(root)
		.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(5)))
		.build();

	static final TestCertificate expiredServer = TestCertificate.server("localhost")
		.signedBy(root)
		.validity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)))
		.build();

	final TestClock clock = new TestClock(NOW);

	@Test
	void nothingExpiringIsUp() {
		// A configured status other than UP: else a certificate wrongly taken as expiring also gives UP.
		assertThat(health(Status.OUT_OF_SERVICE, server, root).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void expiringServerCertificateReportsTheConfiguredStatus() {
		Health health = health(Status.OUT_OF_SERVICE, expiringServer, root);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails().get("expiring")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((item) -> assertThat(((MtlsHealthIndicator.Item) item).role()).isEqualTo("server"));
	}

	@Test
	void expiredServerCertificateIsDown() {
		assertThat(health(Status.UP, expiredServer, root).getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void expiredRootSentAlongInTheServerChainIsNotDown() {
		Health health = health(Status.UP, List.of(server, expiredRoot), List.of(root));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("invalid").toString()).contains("Old Root");
	}

	@Test
	void oneExpiredAnchorAmongValidOnesOnlyWarns() {
		Health health = health(Status.OUT_OF_SERVICE, List.of(server), List.of(root, expiredRoot));
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void everyAnchorExpiredIsDown() {
		assertThat(health(Status.UP, List.of(server), List.of(expiredRoot)).getStatus()).isEqualTo(Status.DOWN);
	}

	private Health health(Status expiring, TestCertificate server, TestCertificate anchor) {
		return health(expiring, List.of(server), List.of(anchor));
	}

	private Health health(Status expiring, List<TestCertificate> chain, List<TestCertificate> anchors) {
		CertificateInventory inventory = new CertificateInventory(
				() -> List.of(new CertificateInventory.ServerChain("web", "ssl",
						chain.stream().map(TestCertificate::certificate).toList())),
				() -> new ClientTrust("server.ssl", anchors.stream().map(TestCertificate::certificate).toList()),
				new ClientActivity(new IdentityIndex(List.of()), this.clock, 10));
		return new MtlsHealthIndicator(inventory, new CertificateExpiry(this.clock, Duration.ofDays(30)), expiring,
				() -> null)
			.health();
	}

}
