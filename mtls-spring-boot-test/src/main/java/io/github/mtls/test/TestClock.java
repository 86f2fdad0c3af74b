package io.github.mtls.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand: declare it as a {@link Clock} bean and every time decision of the
 * starter (validity, revocation cache age, expiry) follows it, without sleeping.
 * {@link MtlsTest @MtlsTest} does not register one; a test that moves time declares it:
 *
 * <pre>{@code
 * @TestConfiguration
 * static class Clocks {
 *
 *     @Bean
 *     TestClock clock() {
 *         return TestClock.now();
 *     }
 *
 * }
 * }</pre>
 *
 * The TLS handshake keeps the real time; the starter's validity check at request time follows the
 * clock and answers {@code certificate_expired} or {@code certificate_not_yet_valid}.
 */
public final class TestClock extends Clock {

	private volatile Instant now;

	public TestClock(Instant now) {
		this.now = now;
	}

	/** A clock starting at the current time. */
	public static TestClock now() {
		return new TestClock(Instant.now());
	}

	/** Sets the time every reader of this clock sees from now on. */
	public void set(Instant now) {
		this.now = now;
	}

	/** Moves the time forward (or back, with a negative duration). */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
