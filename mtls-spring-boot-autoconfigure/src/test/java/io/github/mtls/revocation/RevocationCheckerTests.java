package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker without a server: what happens when the issuer of a certificate is not at hand.
 */
class RevocationCheckerTests {

	static final TestPki pki = TestPki.shared();

	static final ClientIdentity identity = new ClientIdentity("client", Map.of(), List.of());

	@Test
	void certificateWithoutSourcesIsUncheckedEvenWhenItsIssuerIsUnknown() throws Exception {
		try (RevocationChecker checker = new RevocationChecker(RevocationSettings.defaults(), Clock.systemUTC(),
				List::of)) {
			TestCertificate client = pki.client("CN=no sources");
			assertThat(check(checker, client)).isNull();
			assertThat(checker.checks(RevocationChecker.Source.NONE, RevocationChecker.Result.UNCHECKED)).isEqualTo(1);
		}
	}

	@Test
	void certificateWithSourcesIsUnknownWhenItsIssuerIsNeitherInTheChainNorAnAnchor() throws Exception {
		try (RevocationChecker checker = new RevocationChecker(RevocationSettings.defaults(), Clock.systemUTC(),
				List::of)) {
			TestCertificate client = pki.client("CN=sources", (c) -> c.ocspUrl("http://127.0.0.1:9/ocsp"));
			Refusal refusal = check(checker, client);
			assertThat(refusal).isNotNull();
			assertThat(refusal.reason()).isEqualTo(RefusalReason.REVOCATION_UNKNOWN);
			assertThat(refusal.detail()).contains("neither in the chain nor among the client trust anchors");
		}
	}

	private static Refusal check(RevocationChecker checker, TestCertificate client) throws Exception {
		X509Certificate certificate = client.certificate();
		return checker.check(ChainCheck.Context.unvalidated(new X509Certificate[] { certificate },
				CertificateFacts.of(certificate), identity, Clock.systemUTC().instant()));
	}

}
