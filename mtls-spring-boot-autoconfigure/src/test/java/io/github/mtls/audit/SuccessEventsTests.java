package io.github.mtls.audit;

import java.security.cert.CertificateParsingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.mtls.autoconfigure.MtlsAutoConfiguration;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate of success events, with a ticker instead of waiting. */
class SuccessEventsTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=orders gate");

	static final TestCertificate renewed = pki.client("CN=orders gate");

	private final AtomicLong nanos = new AtomicLong();

	private final SuccessEvents perConnection = new SuccessEvents(SuccessEvents.Scope.PER_CONNECTION, this.nanos::get);

	@Test
	void firstRequestOfAnIdentityOnAConnectionPublishesAndTheRestDoNot() {
		assertThat(this.perConnection.publish(accepted("orders", orders), "tls a")).isTrue();
		assertThat(this.perConnection.publish(accepted("orders", orders), "tls a")).isFalse();
		assertThat(this.perConnection.publish(accepted("orders", orders), "tls b")).isTrue();
		assertThat(this.perConnection.publish(accepted("billing", orders), "tls a")).isTrue();
		assertThat(this.perConnection.publish(accepted("orders", renewed), "tls a")).isTrue();
	}

	@Test
	void aConnectionIdleLongerThanItIsRememberedPublishesAgain() {
		assertThat(this.perConnection.publish(accepted("orders", orders), "tls a")).isTrue();
		this.nanos.addAndGet(SuccessEvents.REMEMBERED.minusSeconds(1).toNanos());
		assertThat(this.perConnection.publish(accepted("orders", orders), "tls a")).isFalse();
		this.nanos.addAndGet(SuccessEvents.REMEMBERED.plus(Duration.ofSeconds(1)).toNanos());
		assertThat(this.perConnection.publish(accepted("orders", orders), "tls a")).isTrue();
	}

	@Test
	void anUnknownConnectionAlwaysPublishes() {
		assertThat(this.perConnection.publish(accepted("orders", orders), null)).isTrue();
		assertThat(this.perConnection.publish(accepted("orders", orders), null)).isTrue();
	}

	@Test
	void perRequestAlwaysPublishes() {
		SuccessEvents perRequest = SuccessEvents.perRequest();
		assertThat(perRequest.publish(accepted("orders", orders), "tls a")).isTrue();
		assertThat(perRequest.publish(accepted("orders", orders), "tls a")).isTrue();
	}

	@Test
	void unknownValueOfThePropertyFailsStartupNamingIt() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class))
			.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders", "mtls.audit.success-events=sometimes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("mtls.audit.success-events")
				.hasStackTraceContaining("sometimes"));
	}

	private static Decision.Accepted accepted(String identity, TestCertificate certificate) {
		try {
			return new Decision.Accepted(new ClientIdentity(identity, Map.of(), List.of()),
					CertificateFacts.of(certificate.certificate()), CertificateOrigin.DIRECT);
		}
		catch (CertificateParsingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
