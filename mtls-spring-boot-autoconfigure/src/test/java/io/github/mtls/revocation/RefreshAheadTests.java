package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status cache's refresh ahead of expiry, driven by a test clock and an executor the test runs
 * by hand: no server, no sleeping. The sources answer what the test says; a request that would have
 * to fetch while the executor is closed fails the test, so "never waits" is asserted, not timed.
 */
class RefreshAheadTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate client = pki.client("CN=refresh ahead", (c) -> c.ocspUrl("http://127.0.0.1:9/ocsp"));

	static final ClientIdentity identity = new ClientIdentity("client", Map.of(), List.of());

	/** Each status the sources give is fresh for this long (refreshed three quarters in). */
	static final Duration LIFETIME = Duration.ofMinutes(4);

	final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

	final HandRunExecutor executor = new HandRunExecutor();

	final AtomicInteger fetches = new AtomicInteger();

	volatile RevocationStatus.State answer = RevocationStatus.State.GOOD;

	volatile boolean sourcesFail;

	volatile Duration lifetime = LIFETIME;

	final RevocationChecker checker = new RevocationChecker(RevocationSettings.defaults(), this.clock,
			() -> List.of(pki.root().certificate()), this.executor, this::sources);

	@AfterEach
	void close() {
		this.checker.close();
	}

	@Test
	void warmStatusIsFetchedOnceForManyRequests() {
		this.executor.inline = true;
		assertThat(request()).isNull();
		this.executor.inline = false;
		for (int i = 0; i < 100; i++) {
			assertThat(request()).isNull();
		}
		assertThat(this.fetches).hasValue(1);
		assertThat(this.checker.checks(RevocationChecker.Source.OCSP, RevocationChecker.Result.GOOD)).isEqualTo(101);
	}

	@Test
	void certificateIdleThroughItsRefreshWindowDoesNotWaitAtItsNextRequest() {
		firstRequest();
		this.clock.advance(Duration.ofMinutes(3).plusSeconds(30));
		assertThat(this.checker.sweep()).isEqualTo(1);
		this.executor.runAll();
		this.clock.advance(Duration.ofMinutes(1));
		// The first status expired at 4 minutes; the swept one serves, and nothing is fetched.
		assertThat(request()).isNull();
		assertThat(this.fetches).hasValue(2);
		assertThat(this.checker.checks(RevocationChecker.Source.OCSP, RevocationChecker.Result.GOOD)).isEqualTo(2);
	}

	@Test
	void withoutTheSweepTheSameRequestWouldHaveToFetch() {
		firstRequest();
		this.clock.advance(Duration.ofMinutes(4).plusSeconds(30));
		this.executor.inline = true;
		assertThat(request()).isNull();
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void requestDuringASlowRefreshIsDecidedByTheStatusStillFresh() {
		firstRequest();
		this.clock.advance(Duration.ofMinutes(3).plusSeconds(10));
		assertThat(request()).isNull();
		assertThat(this.executor.queued()).isEqualTo(1);
		this.executor.closed = true;
		// The refresh has not answered: every request goes on with the current status.
		for (int i = 0; i < 10; i++) {
			assertThat(request()).isNull();
		}
		assertThat(this.checker.sweep()).isZero();
	}

	@Test
	void statusNotRequestedRecentlyIsLeftToExpire() {
		firstRequest();
		// Requested at 0; recently means within cache.max-ttl (5 minutes).
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.checker.sweep()).isZero();
		assertThat(this.executor.queued()).isZero();
	}

	@Test
	void statusNotYetDueIsNotSwept() {
		firstRequest();
		// Refresh time: three quarters of 4 minutes.
		this.clock.advance(Duration.ofMinutes(2).plusSeconds(50));
		assertThat(this.checker.sweep()).isZero();
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(this.checker.sweep()).isEqualTo(1);
	}

	@Test
	void shortLivedStatusIsSweptBeforeItWouldExpireBetweenTwoSweeps() {
		this.lifetime = Duration.ofSeconds(20);
		firstRequest();
		// Before its refresh time (15 s), but it would expire before the next sweep (10 s away).
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.checker.sweep()).isEqualTo(1);
	}

	@Test
	void revocationFoundByTheSweepRefusesTheNextRequest() {
		firstRequest();
		this.answer = RevocationStatus.State.REVOKED;
		this.clock.advance(Duration.ofMinutes(3).plusSeconds(30));
		this.checker.sweep();
		this.executor.runAll();
		this.executor.closed = true;
		Refusal refusal = request();
		assertThat(refusal).isNotNull();
		assertThat(refusal.reason()).isEqualTo(RefusalReason.CERTIFICATE_REVOKED);
	}

	@Test
	void failedSweepKeepsTheVerifiedStatusUntilItExpiresThenFailsClosed() {
		firstRequest();
		this.sourcesFail = true;
		this.clock.advance(Duration.ofMinutes(3).plusSeconds(30));
		this.checker.sweep();
		this.executor.runAll();
		this.executor.closed = true;
		// Still fresh: served, and the failing sources are not asked again for 10 s, nor by the sweep.
		assertThat(request()).isNull();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(request()).isNull();
		assertThat(this.checker.sweep()).isZero();
		this.clock.advance(Duration.ofSeconds(55));
		// Expired, and the failed attempt is a minute old: the request asks again, and fails closed.
		this.executor.closed = false;
		this.executor.inline = true;
		Refusal refusal = request();
		assertThat(refusal).isNotNull();
		assertThat(refusal.reason()).isEqualTo(RefusalReason.REVOCATION_UNKNOWN);
	}

	@Test
	void reactivePendingHasNothingToWaitForOnceTheSweepRefreshed() {
		firstRequest();
		this.clock.advance(Duration.ofMinutes(3).plusSeconds(30));
		this.checker.sweep();
		this.executor.runAll();
		this.clock.advance(Duration.ofMinutes(1));
		this.executor.closed = true;
		assertThat(this.checker.pending(context())).isNull();
	}

	private void firstRequest() {
		this.executor.inline = true;
		assertThat(request()).isNull();
		this.executor.inline = false;
		assertThat(this.fetches).hasValue(1);
	}

	private @Nullable Refusal request() {
		return this.checker.check(context());
	}

	private ChainCheck.Context context() {
		try {
			X509Certificate certificate = client.certificate();
			return ChainCheck.Context.unvalidated(new X509Certificate[] { certificate },
					CertificateFacts.of(certificate), identity, this.clock.instant());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private CachedStatus sources(RevocationTarget target) {
		this.fetches.incrementAndGet();
		Instant now = this.clock.instant();
		if (this.sourcesFail) {
			return new CachedStatus(null, "ocsp http://127.0.0.1:9/ocsp: connection refused", now);
		}
		boolean revoked = this.answer == RevocationStatus.State.REVOKED;
		return new CachedStatus(new RevocationStatus(this.answer, "ocsp", "http://127.0.0.1:9/ocsp", now,
				now.plus(this.lifetime), revoked ? now : null, revoked ? "keyCompromise" : null), null, now);
	}

	/** Runs tasks inline, queues them for {@link #runAll()}, or refuses them (a request that would wait). */
	static final class HandRunExecutor extends AbstractExecutorService {

		final Queue<Runnable> tasks = new ArrayDeque<>();

		volatile boolean inline;

		volatile boolean closed;

		@Override
		public void execute(Runnable task) {
			if (this.closed) {
				throw new RejectedExecutionException("a request asked for a fetch");
			}
			if (this.inline) {
				task.run();
			}
			else {
				this.tasks.add(task);
			}
		}

		int queued() {
			return this.tasks.size();
		}

		void runAll() {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}

		@Override
		public void shutdown() {
		}

		@Override
		public List<Runnable> shutdownNow() {
			return List.of();
		}

		@Override
		public boolean isShutdown() {
			return false;
		}

		@Override
		public boolean isTerminated() {
			return false;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return true;
		}

	}

}
