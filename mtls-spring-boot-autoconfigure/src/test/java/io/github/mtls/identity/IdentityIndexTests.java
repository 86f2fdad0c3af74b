package io.github.mtls.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityIndexTests {

	static final TestPki pki = TestPki.shared();

	@Test
	void findsTheOneIdentityAmongTenThousand() throws Exception {
		List<ClientIdentity> identities = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			identities.add(identity("client-" + i, SelectorKind.SUBJECT_DN, Names.dn("CN=client-" + i + ",O=Acme")));
		}
		IdentityIndex index = new IdentityIndex(identities);
		TestCertificate certificate = pki.client("CN=client-7313,O=Acme");
		IdentityIndex.Match match = index.match(CertificateFacts.of(certificate.certificate()));
		assertThat(match.identity()).extracting(ClientIdentity::name).isEqualTo("client-7313");
	}

	@Test
	void everySelectorOfAnIdentityMustMatch() throws Exception {
		TestCertificate certificate = pki.client("CN=orders", (c) -> c.sanDns("orders.acme.test"));
		ClientIdentity identity = new ClientIdentity("orders",
				Map.of(SelectorKind.SUBJECT_DN, Set.of(Names.dn("CN=orders")), SelectorKind.SAN_DNS,
						Set.of("billing.acme.test")),
				List.of());
		assertThat(new IdentityIndex(List.of(identity)).match(CertificateFacts.of(certificate.certificate())).matches())
			.isEmpty();
	}

	@Test
	void twoMatchingIdentitiesAreAmbiguous() throws Exception {
		TestCertificate certificate = pki.client("CN=shared", (c) -> c.sanUri("spiffe://acme.test/shared"));
		IdentityIndex index = new IdentityIndex(List.of(identity("a", SelectorKind.SUBJECT_DN, Names.dn("CN=shared")),
				identity("b", SelectorKind.SAN_URI, "spiffe://acme.test/shared")));
		IdentityIndex.Match match = index.match(CertificateFacts.of(certificate.certificate()));
		assertThat(match.ambiguous()).isTrue();
		assertThat(match.identity()).isNull();
		assertThat(match.matches()).extracting(ClientIdentity::name).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void subjectWrittenInReverseRdnOrderDoesNotMatchButIsExplained() throws Exception {
		TestCertificate certificate = pki.client("CN=orders,O=Acme,C=DE");
		IdentityIndex index = new IdentityIndex(List.of(identity("orders", SelectorKind.SUBJECT_DN, Names.dn("C=DE, O=Acme, CN=orders"))));
		CertificateFacts facts = CertificateFacts.of(certificate.certificate());
		assertThat(index.match(facts).matches()).isEmpty();
		assertThat(index.reorderedSubjectMatch(facts)).extracting(ClientIdentity::name).isEqualTo("orders");
		assertThat(index.unmatchedDetail(facts)).isEqualTo("no pinned identity matches; identity 'orders' has subject-dn "
				+ "with the RDNs in another order: write it as \"CN=orders,O=Acme,C=DE\" (RFC 2253 order, as openssl "
				+ "x509 -nameopt RFC2253 prints it)");
	}

	/** {@code openssl ca} orders a subject by its policy section: neither the request's order nor its reverse. */
	@Test
	void subjectWrittenInAnotherRdnOrderIsExplainedButNotAnotherSubject() throws Exception {
		TestCertificate certificate = pki.client("OU=Services,O=Acme,CN=alice");
		IdentityIndex index = new IdentityIndex(List.of(identity("alice", SelectorKind.SUBJECT_DN, Names.dn("CN=alice,OU=Services,O=Acme")),
				identity("bob", SelectorKind.SUBJECT_DN, Names.dn("CN=bob,OU=Services,O=Acme"))));
		CertificateFacts facts = CertificateFacts.of(certificate.certificate());
		assertThat(index.match(facts).matches()).isEmpty();
		assertThat(index.reorderedSubjectMatch(facts)).extracting(ClientIdentity::name).isEqualTo("alice");
		CertificateFacts other = CertificateFacts.of(pki.client("OU=Services,O=Acme,CN=carol").certificate());
		assertThat(index.reorderedSubjectMatch(other)).isNull();
		assertThat(index.unmatchedDetail(other)).isEqualTo("no pinned identity matches");
	}

	@Test
	void nearestIdentityAndItsFailingSelectorExplainARefusal() throws Exception {
		TestCertificate certificate = pki.client("CN=orders,O=Acme", (c) -> c.sanDns("orders.acme.test"));
		ClientIdentity orders = new ClientIdentity("orders",
				Map.of(SelectorKind.SUBJECT_DN, Set.of(Names.dn("CN=orders,O=Acme")), SelectorKind.ISSUER_DN,
						Set.of(Names.dn("CN=Other CA,O=Acme"))),
				List.of());
		ClientIdentity billing = identity("billing", SelectorKind.SAN_DNS, "billing.acme.test");
		CertificateFacts facts = CertificateFacts.of(certificate.certificate());
		assertThat(new IdentityIndex(List.of(orders, billing)).unmatchedDetail(facts))
			.isEqualTo("no pinned identity matches; identity 'orders' matches subject-dn but not issuer-dn: "
					+ "certificate issuer-dn is \"" + facts.issuer() + "\"");
	}

	@Test
	void explanationQuotesAtMostThreeOfACertificatesNames() throws Exception {
		TestCertificate certificate = pki.client("CN=many,O=Acme",
				(c) -> c.sanDns("a.acme.test").sanDns("b.acme.test").sanDns("c.acme.test").sanDns("d.acme.test"));
		ClientIdentity many = new ClientIdentity("many", Map.of(SelectorKind.SUBJECT_DN,
				Set.of(Names.dn("CN=many,O=Acme")), SelectorKind.SAN_DNS, Set.of("z.acme.test")), List.of());
		assertThat(new IdentityIndex(List.of(many)).unmatchedDetail(CertificateFacts.of(certificate.certificate())))
			.endsWith("but not san-dns: certificate san-dns is \"a.acme.test\", \"b.acme.test\", \"c.acme.test\" and 1 more");
	}

	@Test
	void certificateReachingNoIdentityIsExplainedWithoutOne() throws Exception {
		TestCertificate certificate = pki.client("CN=stranger,O=Acme");
		IdentityIndex index = new IdentityIndex(List.of(identity("orders", SelectorKind.SUBJECT_DN, Names.dn("CN=orders,O=Acme"))));
		assertThat(index.unmatchedDetail(CertificateFacts.of(certificate.certificate())))
			.isEqualTo("no pinned identity matches");
	}

	private static ClientIdentity identity(String name, SelectorKind kind, String value) {
		return new ClientIdentity(name, Map.of(kind, Set.of(value)), List.of());
	}

}
