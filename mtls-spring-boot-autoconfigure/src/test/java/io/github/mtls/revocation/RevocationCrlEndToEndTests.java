package io.github.mtls.revocation;

import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

import io.github.mtls.TestApplication;
import io.github.mtls.test.CrlEndpoint;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.ResponderFault;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRL semantics of RFC 5280 6.3.3 from CRLs fetched over real HTTP on loopback, through real
 * mTLS requests: delta CRLs announced by the certificate or by its complete CRL, CRLs signed by a
 * separate CRL signer, and indirect CRLs reached through a distribution point's cRLIssuer. Mode
 * {@code crl}, fail-closed.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RevocationCrlEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final String SUBJECT = "CN=crl client,O=Acme";

	static final String CA = "CN=CRL Test CA,O=Acme";

	/** An intermediate CA of the test root: the issuer whose CRLs a separate signer signs. */
	static final TestCertificate intermediate = TestCertificate.authority(CA).signedBy(pki.root()).build();

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.client.subject-dn", () -> SUBJECT);
		registry.add("mtls.revocation.mode", () -> "crl");
		registry.add("mtls.revocation.failure-policy", () -> "fail-closed");
		registry.add("mtls.revocation.crl.timeout", () -> "5s");
	}

	@LocalServerPort
	int port;

	final MtlsClients clients = pki.clients();

	@Nested
	class DeltaCrls {

		@Test
		void certificateRevokedAfterTheBaseIsRefusedByTheDeltaCrlItsFreshestCrlUrlNames(CapturedOutput output) {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).withDeltas()) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url()).freshestCrl(crl.deltaUrl()));
				revocations.revoke(client);
				assertRefused(whoami(client), "certificate_revoked");
				assertThat(output).contains("per delta-crl");
				assertThat(crl.requests()).isEqualTo(2);
			}
		}

		@Test
		void certificateRevokedAfterTheBaseIsRefusedByTheDeltaCrlTheCompleteCrlNames() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).withDeltas()) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url()));
				revocations.revoke(client);
				assertRefused(whoami(client), "certificate_revoked");
			}
		}

		@Test
		void certificateOnNeitherTheBaseNorTheDeltaIsAccepted() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).withDeltas()) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url()).freshestCrl(crl.deltaUrl()));
				revocations.revoke(client((c) -> c));
				assertAccepted(whoami(client));
			}
		}

		@Test
		void certificateOnHoldInTheBaseAndRemovedFromTheCrlByTheDeltaIsAccepted() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url()).freshestCrl(crl.deltaUrl()));
				revocations.hold(client);
				crl.withDeltas();
				revocations.release(client);
				assertAccepted(whoami(client));
			}
		}

		@Test
		void certificateOnHoldInTheBaseAndNotReleasedIsRefused() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url()).freshestCrl(crl.deltaUrl()));
				revocations.hold(client);
				crl.withDeltas();
				assertRefused(whoami(client), "certificate_revoked");
			}
		}

		/**
		 * RFC 5280 6.3.3 (a): with delta CRLs in use and a delta announced by the certificate or its
		 * CRL, a current delta CRL must be obtained and be within its nextUpdate. Without one, the
		 * complete CRL cannot vouch: everything revoked since the base would pass.
		 */
		@Test
		void expiredDeltaCrlLeavesTheStatusUnknownEvenWhenTheCompleteCrlIsCurrent() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).withDeltas()) {
				crl.deltaFault(ResponderFault.EXPIRED);
				assertRefused(whoami(client((c) -> c.crlUrl(crl.url()).freshestCrl(crl.deltaUrl()))),
						"revocation_unknown");
			}
		}

		@Test
		void certificateRevokedOnTheBaseIsRefusedEvenWhenTheDeltaCrlHasExpired() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations)) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url()).freshestCrl(crl.deltaUrl()));
				revocations.revoke(client);
				crl.withDeltas().deltaFault(ResponderFault.EXPIRED);
				assertRefused(whoami(client), "certificate_revoked");
			}
		}

		@Test
		void unreachableDeltaCrlLeavesTheStatusUnknownEvenWhenTheCompleteCrlIsCurrent() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).withDeltas()) {
				crl.deltaFault(ResponderFault.DOWN);
				TestCertificate client = client((c) -> c.crlUrl(crl.url()));
				revocations.revoke(client);
				assertRefused(whoami(client), "revocation_unknown");
			}
		}

	}

	@Nested
	class SeparateCrlSigners {

		@Test
		void certificateIsAcceptedByACrlSignedByASeparateCrlSignerItPresents() {
			TestCertificate signer = TestCertificate.crlSigner(CA).signedBy(pki.root()).build();
			Revocations revocations = Revocations.of(intermediate);
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).signedBy(signer)) {
				assertAccepted(whoami(issuedByIntermediate(crl).presentedWith(signer)));
			}
		}

		@Test
		void certificateRevokedOnACrlSignedByASeparateCrlSignerIsRefused() {
			TestCertificate signer = TestCertificate.crlSigner(CA).signedBy(pki.root()).build();
			Revocations revocations = Revocations.of(intermediate);
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).signedBy(signer)) {
				TestCertificate client = issuedByIntermediate(crl).presentedWith(signer);
				revocations.revoke(client);
				assertRefused(whoami(client), "certificate_revoked");
			}
		}

		@Test
		void crlSignedByACertificateWithoutTheCrlSignKeyUsageCannotVouch() {
			TestCertificate notASigner = TestCertificate.crlSigner(CA)
				.keyUsage(KeyUsage.digitalSignature)
				.signedBy(pki.root())
				.build();
			Revocations revocations = Revocations.of(intermediate);
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).signedBy(notASigner)) {
				assertRefused(whoami(issuedByIntermediate(crl).presentedWith(notASigner)), "revocation_unknown");
			}
		}

		@Test
		void crlSignedByARevokedCrlSignerCannotVouch() {
			Revocations byRoot = Revocations.of(pki.root());
			try (CrlEndpoint rootCrl = CrlEndpoint.start(byRoot)) {
				TestCertificate signer = TestCertificate.crlSigner(CA).crlUrl(rootCrl.url()).signedBy(pki.root()).build();
				byRoot.revoke(signer);
				Revocations revocations = Revocations.of(intermediate);
				try (CrlEndpoint crl = CrlEndpoint.start(revocations).signedBy(signer)) {
					assertRefused(whoami(issuedByIntermediate(crl).presentedWith(signer)), "revocation_unknown");
				}
			}
		}

		@Test
		void crlSignedByASeparateSignerThatIsNotAtHandCannotVouch() {
			TestCertificate signer = TestCertificate.crlSigner(CA).signedBy(pki.root()).build();
			Revocations revocations = Revocations.of(intermediate);
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).signedBy(signer)) {
				assertRefused(whoami(issuedByIntermediate(crl)), "revocation_unknown");
			}
		}

		@Test
		void crlSignedByASeparateSignerOfAnotherRootCannotVouch() {
			TestCertificate otherRoot = TestCertificate.authority("CN=Other Root,O=Elsewhere").build();
			TestCertificate signer = TestCertificate.crlSigner(CA).signedBy(otherRoot).build();
			Revocations revocations = Revocations.of(intermediate);
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).signedBy(signer)) {
				assertRefused(whoami(issuedByIntermediate(crl).presentedWith(signer)), "revocation_unknown");
			}
		}

		private TestCertificate issuedByIntermediate(CrlEndpoint crl) {
			return TestCertificate.client(SUBJECT).crlUrl(crl.url()).signedBy(intermediate).build();
		}

	}

	@Nested
	class IndirectCrls {

		static final String CRL_ISSUER = "CN=Acme CRL Issuer,O=Acme";

		final TestCertificate crlIssuer = TestCertificate.crlSigner(CRL_ISSUER).signedBy(pki.root()).build();

		@Test
		void certificateIsAcceptedByTheIndirectCrlItsDistributionPointNamesAsCrlIssuer() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).indirectlyIssuedBy(this.crlIssuer)) {
				revocations.revoke(client((c) -> c));
				TestCertificate client = client((c) -> c.crlDistributionPoint(crl.url(), CRL_ISSUER))
					.presentedWith(this.crlIssuer);
				assertAccepted(whoami(client));
			}
		}

		@Test
		void certificateRevokedOnTheIndirectCrlIsRefused() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).indirectlyIssuedBy(this.crlIssuer)) {
				TestCertificate client = client((c) -> c.crlDistributionPoint(crl.url(), CRL_ISSUER))
					.presentedWith(this.crlIssuer);
				revocations.revoke(client);
				assertRefused(whoami(client), "certificate_revoked");
			}
		}

		@Test
		void indirectCrlIsNotUsedForACertificateWhoseDistributionPointNamesNoCrlIssuer() {
			Revocations revocations = Revocations.of(pki.root());
			try (CrlEndpoint crl = CrlEndpoint.start(revocations).indirectlyIssuedBy(this.crlIssuer)) {
				TestCertificate client = client((c) -> c.crlUrl(crl.url())).presentedWith(this.crlIssuer);
				assertRefused(whoami(client), "revocation_unknown");
			}
		}

	}

	static TestCertificate client(UnaryOperator<TestCertificate.Builder> customizer) {
		return pki.client(SUBJECT, customizer);
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return this.clients.get(client, "https://localhost:" + this.port + "/whoami");
	}

	static void assertAccepted(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"client\"");
	}

	static void assertRefused(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

}
