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
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WARN line for a certificate within the threshold: once a day on the injected clock.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExpiryWarningsTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestCertificate expiringCa = TestCertificate.authority("CN=Expiring CA")
		.validity(NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(10)))
		.build();

	static final TestCertificate validCa = TestCertificate.authority("CN=Valid CA")
		.validity(NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(100)))
		.build();

	final TestClock clock = new TestClock(NOW);

	final ExpiryWarnings warnings = new ExpiryWarnings(
			new CertificateInventory(List::of,
					() -> new ClientTrust("bundle 'clients'",
							List.of(expiringCa.certificate(), validCa.certificate())),
					new ClientActivity(new IdentityIndex(List.of()), this.clock, 10)),
			new CertificateExpiry(this.clock, Duration.ofDays(30)), Duration.ofHours(1));

	@Test
	void certificateWithinTheThresholdIsLoggedOnceADay(CapturedOutput output) {
		this.warnings.check();
		this.clock.advance(Duration.ofHours(23));
		this.warnings.check();
		assertThat(warnings(output)).hasSize(1);
		assertThat(warnings(output).get(0)).contains("WARN", "trust-anchor certificate 'Expiring CA' expires in 10d 0h",
				expiringCa.serialHex());
		this.clock.advance(Duration.ofHours(1));
		this.warnings.check();
		assertThat(warnings(output)).hasSize(2);
		assertThat(warnings(output).get(1)).contains("expires in 9d 0h");
	}

	@Test
	void expiredCertificateIsLoggedAsExpired(CapturedOutput output) {
		this.clock.set(NOW.plus(Duration.ofDays(12)));
		this.warnings.check();
		assertThat(warnings(output)).singleElement().asString().contains("'Expiring CA' expired 2d 0h ago");
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("mTLS trust-anchor certificate")).toList();
	}

}
