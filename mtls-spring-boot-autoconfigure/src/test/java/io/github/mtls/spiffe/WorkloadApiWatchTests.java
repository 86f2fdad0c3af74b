package io.github.mtls.spiffe;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.WorkloadApiServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watch against a real Workload API: updates, backoff, and what is never retried. */
class WorkloadApiWatchTests {

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.test");

	final List<WorkloadUpdate> updates = new CopyOnWriteArrayList<>();

	WorkloadApiServer server;

	WorkloadApiWatch watch;

	@AfterEach
	void close() {
		this.watch.close();
		this.server.close();
	}

	@Test
	void handsOnTheSvidAndEveryBundleReplacedAsAWhole() throws Exception {
		TestCertificate svid = acme.svid("/app").build();
		this.server = WorkloadApiServer.onUnixSocket().serve(acme, svid).federateWith(partner);
		start();
		assertThat(this.updates.get(0).svid().leaf()).isEqualTo(svid.certificate());
		assertThat(this.updates.get(0).bundles().byTrustDomain()).containsOnlyKeys("acme.test", "partner.test");

		this.server.federateWith();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.updates.size() == 2);
		assertThat(this.updates.get(1).bundles().byTrustDomain()).containsOnlyKeys("acme.test");
	}

	@Test
	void retriesUnavailableWithBackoffAndResumes() throws Exception {
		this.server = WorkloadApiServer.onLoopbackTcp().serve(acme, acme.svid("/app").build());
		start();

		this.server.fail(Status.Code.UNAVAILABLE);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.calls() >= 3);
		assertThat(this.watch.status().connected()).isFalse();
		assertThat(this.watch.status().lastError()).startsWith("UNAVAILABLE");
		this.server.recover();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.updates.size() == 2);
		assertThat(this.watch.status().connected()).isTrue();
		assertThat(this.watch.status().errors()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void retriesPermissionDenied() throws Exception {
		this.server = WorkloadApiServer.onUnixSocket();
		this.watch = new WorkloadApiWatch(URI.create(this.server.address()), Duration.ofMillis(20),
				Duration.ofMillis(100), Clock.systemUTC(), this.updates::add).start();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.calls() >= 3);
		this.server.serve(acme, acme.svid("/app").build());

		assertThat(this.watch.awaitFirstUpdate(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void neverRetriesInvalidArgument() throws Exception {
		this.server = WorkloadApiServer.onUnixSocket().serve(acme, acme.svid("/app").build());
		start();

		this.server.fail(Status.Code.INVALID_ARGUMENT);

		await().atMost(Duration.ofSeconds(5)).until(this.watch::givenUp);
		Thread.sleep(300);
		assertThat(this.server.calls()).isOne();
	}

	private void start() throws InterruptedException {
		this.watch = new WorkloadApiWatch(URI.create(this.server.address()), Duration.ofMillis(20),
				Duration.ofMillis(100), Clock.systemUTC(), this.updates::add).start();
		assertThat(this.watch.awaitFirstUpdate(Duration.ofSeconds(5))).isTrue();
	}

}
