package io.github.mtls.sample.docs;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's TestCertificate edges, each checked for the property it is made for. */
class TestCertificateEdgesTests {

	private static final String NAME_CONSTRAINTS = "2.5.29.30";

	private static final String CERTIFICATE_POLICIES = "2.5.29.32";

	@Test
	void eachEdgeIsOneBuilderCall() throws Exception {
		// tag::edges[]
		TestPki pki = TestPki.shared();
		TestCertificate expired = pki.client("CN=orders", (c) -> c.expired());
		TestCertificate serverOnly = pki.client("CN=orders", (c) -> c.serverAuthOnly());
		TestCertificate rsa = pki.client("CN=orders", (c) -> c.rsa(2048).sanUri("spiffe://acme.test/orders"));
		TestCertificate issuing = TestCertificate.authority("CN=Issuing CA").certificateAuthority(0).signedBy(pki.root()).build();
		TestCertificate fromOtherCa = TestCertificate.client("CN=orders").signedBy(pki.authority("CN=Other CA")).build();
		// A partner root constrained to its own names (also excludedSubtree, permittedDns, excludedDns), and policies
		TestCertificate partnerRoot = TestCertificate.authority("CN=Partner Root,O=Acme").permittedSubtree("O=Acme").build();
		TestCertificate withPolicy = pki.client("CN=orders", (c) -> c.policies("1.3.6.1.4.1.99999.1"));
		// end::edges[]

		assertThat(expired.certificate().getNotAfter()).isBefore(new Date());
		assertThat(serverOnly.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
		assertThat(rsa.certificate().getPublicKey()).isInstanceOf(RSAPublicKey.class);
		assertThat(rsa.sanUri()).containsExactly("spiffe://acme.test/orders");
		assertThat(issuing.certificate().getBasicConstraints()).isZero();
		assertThat(issuing.issuerDn()).isEqualTo(pki.root().subjectDn());
		assertThat(fromOtherCa.issuerDn()).isEqualTo("CN=Other CA");
		assertThat(partnerRoot.certificate().getCriticalExtensionOIDs()).contains(NAME_CONSTRAINTS);
		assertThat(extensions(withPolicy.certificate())).contains(CERTIFICATE_POLICIES);
	}

	private static Set<String> extensions(X509Certificate certificate) {
		Set<String> all = new HashSet<>(certificate.getNonCriticalExtensionOIDs());
		all.addAll(certificate.getCriticalExtensionOIDs());
		return all;
	}

}
