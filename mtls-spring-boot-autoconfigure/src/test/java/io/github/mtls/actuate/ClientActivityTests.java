package io.github.mtls.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ClientActivity} and {@link AuthenticationMetrics} keep from the real pipeline's
 * decisions.
 */
class ClientActivityTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders,O=Acme");

	static final TestCertificate ordersRenewed = pki.client("CN=orders,O=Acme");

	final TestClock clock = new TestClock(NOW);

	final IdentityIndex identities = ObservedPipeline.pinned(Map.of("orders", orders));

	@Test
	void sameCertificateAgainChangesNothingButTheCounts() {
		ClientActivity activity = new ClientActivity(this.identities, this.clock, 10);
		AtomicInteger changes = new AtomicInteger();
		activity.onCertificateChange(changes::incrementAndGet);
		ObservedPipeline pipeline = ObservedPipeline.of(this.identities, this.clock, activity);
		pipeline.present(orders);
		this.clock.advance(Duration.ofMinutes(5));
		pipeline.present(orders);
		assertThat(changes).hasValue(1);
		assertThat(activity.identity("orders").accepted()).isEqualTo(2);
		assertThat(activity.identity("orders").lastSeen()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		pipeline.present(ordersRenewed);
		assertThat(changes).hasValue(2);
		assertThat(activity.identity("orders").certificate().sha256()).isEqualTo(ordersRenewed.sha256());
	}

	@Test
	void refusalBeforeMatchingIsAttributedToTheIdentityTheCertificateWouldMatch() {
		ClientActivity activity = new ClientActivity(this.identities, this.clock, 10);
		ObservedPipeline pipeline = ObservedPipeline.of(this.identities, this.clock, activity);
		this.clock.set(orders.certificate().getNotAfter().toInstant().plusSeconds(60));
		pipeline.present(orders);
		assertThat(activity.identity("orders").refused()).isEqualTo(1);
		assertThat(activity.identity("orders").lastRefusal()).isEqualTo(RefusalReason.CERTIFICATE_EXPIRED);
		assertThat(activity.unmatched()).isEmpty();
	}

	@Test
	void unmatchedCertificatesAreBoundedDroppingTheLeastRecentlySeen() {
		ClientActivity activity = new ClientActivity(this.identities, this.clock, 2);
		ObservedPipeline pipeline = ObservedPipeline.of(this.identities, this.clock, activity);
		TestCertificate first = pki.client("CN=first");
		TestCertificate second = pki.client("CN=second");
		TestCertificate third = pki.client("CN=third");
		pipeline.present(first);
		this.clock.advance(Duration.ofSeconds(1));
		pipeline.present(second);
		pipeline.present(second);
		this.clock.advance(Duration.ofSeconds(1));
		pipeline.present(third);
		assertThat(activity.unmatched()).extracting((entry) -> entry.certificate().sha256())
			.containsExactly(third.sha256(), second.sha256());
		assertThat(activity.unmatched().get(1).count()).isEqualTo(2);
		assertThat(activity.unmatched().get(1).lastReason()).isEqualTo(RefusalReason.IDENTITY_NOT_PINNED);
	}

	@Test
	void unpinnedDecisionsAreCountedUnderOneIdentityValue() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AuthenticationMetrics metrics = new AuthenticationMetrics(this.identities);
		metrics.bindTo(registry);
		ObservedPipeline pipeline = ObservedPipeline.of(this.identities, this.clock, metrics);
		pipeline.present(orders);
		pipeline.present(orders);
		for (int i = 0; i < 3; i++) {
			pipeline.present(pki.client("CN=stranger " + i));
		}
		assertThat(registry.get("mtls.authentications")
			.tags("result", "accepted", "reason", "none", "identity", "orders")
			.counter()
			.count()).isEqualTo(2);
		assertThat(registry.get("mtls.authentications")
			.tags("result", "refused", "reason", "identity_not_pinned", "identity", AuthenticationMetrics.UNPINNED)
			.counter()
			.count()).isEqualTo(3);
		assertThat(registry.find("mtls.authentications").counters()).hasSize(2);
	}

}
