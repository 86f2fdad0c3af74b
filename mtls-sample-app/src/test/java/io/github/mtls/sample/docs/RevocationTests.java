package io.github.mtls.sample.docs;

import io.github.mtls.test.CrlEndpoint;
import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.OcspResponder;
import io.github.mtls.test.Revocations;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The README's revocation example: an OCSP responder and a CRL endpoint on loopback. */
// tag::class[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = @Identity(name = "orders"))
class RevocationTests {

	static final TestPki pki = TestPki.shared();

	// What the test root has revoked, published by an OCSP responder and a CRL endpoint on loopback
	static final Revocations revocations = Revocations.of(pki.root());

	static final OcspResponder ocsp = OcspResponder.start(revocations);

	static final CrlEndpoint crl = CrlEndpoint.start(revocations);

	@Autowired
	TestIdentities identities;

	@AfterAll
	static void stop() {
		ocsp.close();
		crl.close();
	}

	@Test
	void certificateRevokedAtItsOcspResponderIsRefused() {
		// CN=orders is what @Identity(name = "orders") pins: these certificates are that identity
		TestCertificate good = pki.client("CN=orders", (c) -> c.ocspUrl(ocsp.url()));
		TestCertificate revoked = pki.client("CN=orders", (c) -> c.ocspUrl(ocsp.url()));
		revocations.revoke(revoked);

		client(good).get().uri("/whoami").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.identity").isEqualTo("orders");
		client(revoked).get().uri("/whoami").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.reason").isEqualTo("certificate_revoked");
	}

	@Test
	void certificateListedOnItsCrlIsRefused() {
		TestCertificate good = pki.client("CN=orders", (c) -> c.crlUrl(crl.url()));
		TestCertificate revoked = pki.client("CN=orders", (c) -> c.crlUrl(crl.url()));
		revocations.revoke(revoked);

		client(good).get().uri("/whoami").exchange().expectStatus().isOk();
		client(revoked).get().uri("/whoami").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.reason").isEqualTo("certificate_revoked");
	}

	private RestTestClient client(TestCertificate certificate) {
		return pki.clients().restTestClient(certificate, this.identities.baseUrl());
	}

}
// end::class[]
