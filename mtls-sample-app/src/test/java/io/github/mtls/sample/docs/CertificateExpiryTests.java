package io.github.mtls.sample.docs;

import java.time.Duration;
import java.time.Instant;

import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The README's TestClock example: validity is judged at the injected clock's time. */
// tag::class[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = @Identity(name = "orders"))
class CertificateExpiryTests {

	// tag::clock-bean[]
	@TestConfiguration
	static class Clocks {

		@Bean
		TestClock clock() {
			return TestClock.now();
		}

	}
	// end::clock-bean[]

	@Autowired
	TestClock clock;

	@AfterEach
	void resetClock() {
		this.clock.set(Instant.now());
	}

	@Test
	void certificateIsRefusedOnceItHasExpired(@MtlsClient("orders") RestTestClient orders,
			@MtlsClient("orders") TestCertificate certificate) {
		orders.get().uri("/whoami").exchange().expectStatus().isOk();

		this.clock.set(certificate.certificate().getNotAfter().toInstant().plus(Duration.ofMinutes(1)));

		orders.get().uri("/whoami").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.reason").isEqualTo("certificate_expired");
	}

}
// end::class[]
