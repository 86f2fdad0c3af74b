package io.github.mtls.audit;

import java.util.List;

import io.github.mtls.test.JdkCacerts;
import io.github.mtls.test.TestCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a public CA: a root, a certificate with a root's key, or one a root issued. */
class PublicRootsTests {

	static final TestCertificate publicRoot = TestCertificate.authority("CN=Public Root,O=Some CA").build();

	final PublicRoots roots = new PublicRoots(List.of(publicRoot.certificate()));

	@Test
	void rootItselfIsPublic() {
		assertThat(this.roots.find(publicRoot.certificate())).isEqualTo(publicRoot.certificate());
	}

	@Test
	void reissuedRootWithTheSameKeyIsPublic() {
		TestCertificate reissued = TestCertificate.authority("CN=Public Root G2,O=Some CA")
			.keyPair(publicRoot.keyPair())
			.build();
		assertThat(this.roots.find(reissued.certificate())).isEqualTo(publicRoot.certificate());
	}

	@Test
	void intermediateIssuedByAPublicRootIsPublic() {
		TestCertificate intermediate = TestCertificate.authority("CN=Public Issuing CA").signedBy(publicRoot).build();
		assertThat(this.roots.find(intermediate.certificate())).isEqualTo(publicRoot.certificate());
	}

	@Test
	void privateCaWithAPublicRootsNameButAnotherKeyIsNotPublic() {
		TestCertificate lookAlike = TestCertificate.authority("CN=Private CA")
			.signedBy(TestCertificate.authority("CN=Public Root,O=Some CA").build())
			.build();
		assertThat(this.roots.find(lookAlike.certificate())).isNull();
	}

	@Test
	void jdkRootsAreTheRunningJdksCacerts() {
		assertThat(PublicRoots.jdk().roots()).hasSizeGreaterThan(50).contains(JdkCacerts.root());
		assertThat(PublicRoots.jdk().find(JdkCacerts.root())).isEqualTo(JdkCacerts.root());
	}

}
