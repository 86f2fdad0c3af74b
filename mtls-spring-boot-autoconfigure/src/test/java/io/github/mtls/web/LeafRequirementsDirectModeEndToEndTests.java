package io.github.mtls.web;

import java.net.http.HttpResponse;

import io.github.mtls.TestApplication;
import io.github.mtls.core.Decision;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Stricter leaf requirements in direct mode, through real TLS handshakes with
 * {@code client-auth=need}: the JDK's handshake accepts every certificate below that allows
 * clientAuth and digitalSignature, and the starter then refuses those that lack a required private
 * purpose or key usage with {@code certificate_policy}.
 */
@SpringBootTest(classes = { TestApplication.class, LeafRequirementsDirectModeEndToEndTests.Recorded.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest
class LeafRequirementsDirectModeEndToEndTests {

	static final String PAYMENTS_PURPOSE = "1.3.6.1.4.1.55555.7";

	static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate payments = pki.client("CN=payments,O=Acme",
			(c) -> c.extendedKeyUsage(CLIENT_AUTH, PAYMENTS_PURPOSE)
				.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));

	static final TestCertificate withoutPurpose = pki.client("CN=payments,O=Acme",
			(c) -> c.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));

	static final TestCertificate withoutKeyAgreement = pki.client("CN=payments,O=Acme",
			(c) -> c.extendedKeyUsage(CLIENT_AUTH, PAYMENTS_PURPOSE));

	static final TestCertificate serverAuthOnly = pki.client("CN=payments,O=Acme",
			(c) -> c.extendedKeyUsage("1.3.6.1.5.5.7.3.1", PAYMENTS_PURPOSE)
				.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));

	@DynamicPropertySource
	static void requirements(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.payments.subject-dn", () -> "CN=payments,O=Acme");
		registry.add("mtls.policy.extended-key-usage", () -> "client-auth, " + PAYMENTS_PURPOSE);
		registry.add("mtls.policy.key-usage", () -> "digital-signature, key-agreement");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recorded {

		@Bean
		ProxyModeTestConfiguration.Decisions decisions() {
			return new ProxyModeTestConfiguration.Decisions();
		}

	}

	@Autowired
	TestIdentities server;

	@Autowired
	ProxyModeTestConfiguration.Decisions decisions;

	@Test
	void certificateWithEveryRequiredUsageIsAuthenticatedAsItsIdentity() {
		HttpResponse<String> response = whoami(payments);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"payments\"");
	}

	@Test
	void certificateWithoutTheRequiredPurposeIsRefusedAfterTheHandshake() {
		assertRefused(whoami(withoutPurpose),
				"extended key usage lacks " + PAYMENTS_PURPOSE + " (mtls.policy.extended-key-usage)");
	}

	@Test
	void certificateWithoutTheRequiredKeyUsageIsRefusedAfterTheHandshake() {
		assertRefused(whoami(withoutKeyAgreement), "key usage lacks keyAgreement (mtls.policy.key-usage)");
	}

	@Test
	void certificateWithoutClientAuthIsStillRefusedInTheHandshake() {
		assertThatException().isThrownBy(() -> whoami(serverAuthOnly));
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

	private void assertRefused(HttpResponse<String> response, String detail) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_policy\"").doesNotContain("payments");
		assertThat(this.decisions.last()).isInstanceOfSatisfying(Decision.Refused.class,
				(refused) -> assertThat(refused.refusal().detail()).isEqualTo(detail));
	}

}
