package io.github.mtls.policy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.test.TestCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The chain must end in a pinned anchor, whichever part of it the client sends. */
class AnchorPinningTests {

	static final TestCertificate prodRoot = TestCertificate.authority("CN=Prod Root CA,O=Acme").build();

	static final TestCertificate prodIntermediate = TestCertificate.authority("CN=Prod Issuing CA,O=Acme")
		.certificateAuthority(0)
		.signedBy(prodRoot)
		.build();

	static final TestCertificate otherRoot = TestCertificate.authority("CN=Non-prod Root CA,O=Acme").build();

	/** Same name as the pinned root, different key: what an attacker's look-alike CA would be. */
	static final TestCertificate lookAlikeRoot = TestCertificate.authority("CN=Prod Root CA,O=Acme").build();

	static final ClientIdentity orders = new ClientIdentity("orders", Map.of(), List.of());

	final AnchorPinning pinning = new AnchorPinning(List.of(prodRoot.certificate()), CertificateCacheLimits.DEFAULTS);

	@Test
	void leafSentAloneIsAcceptedWhenIssuedByAPinnedAnchor() {
		assertThat(check(TestCertificate.client("CN=orders").signedBy(prodRoot).build().certificate())).isNull();
	}

	@Test
	void leafWithIntermediateIsAcceptedWhenTheIntermediateIsIssuedByAPinnedAnchor() {
		TestCertificate leaf = TestCertificate.client("CN=orders").signedBy(prodIntermediate).build();
		assertThat(check(leaf.certificate(), prodIntermediate.certificate())).isNull();
	}

	@Test
	void chainThatIncludesThePinnedAnchorItselfIsAccepted() {
		TestCertificate leaf = TestCertificate.client("CN=orders").signedBy(prodRoot).build();
		assertThat(check(leaf.certificate(), prodRoot.certificate())).isNull();
	}

	@Test
	void chainFromAnotherTrustedCaIsRefusedAsUntrusted() {
		Refusal refusal = check(TestCertificate.client("CN=orders").signedBy(otherRoot).build().certificate());
		assertThat(refusal).isNotNull();
		assertThat(refusal.reason()).isEqualTo(RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(refusal.detail()).contains("CN=Non-prod Root CA,O=Acme");
	}

	@Test
	void chainFromALookAlikeCaWithThePinnedAnchorsNameIsRefused() {
		Refusal refusal = check(TestCertificate.client("CN=orders").signedBy(lookAlikeRoot).build().certificate());
		assertThat(refusal).extracting(Refusal::reason).isEqualTo(RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void trustMaterialWithAnUnpinnedAnchorFailsNamingIt() {
		ClientTrust trust = new ClientTrust("bundle 'clients'", List.of(prodRoot.certificate(), otherRoot.certificate()));
		assertThatExceptionOfType(UnpinnedTrustAnchorException.class)
			.isThrownBy(() -> AnchorPinning.of(trust, Set.of(prodRoot.sha256()), CertificateCacheLimits.DEFAULTS))
			.satisfies((ex) -> {
				assertThat(ex.getSubject()).isEqualTo("CN=Non-prod Root CA,O=Acme");
				assertThat(ex.getSha256()).isEqualTo(otherRoot.sha256());
				assertThat(ex.getMessage()).contains("bundle 'clients'", otherRoot.sha256(),
						UnpinnedTrustAnchorException.PROPERTY);
			});
	}

	@Test
	void trustMaterialHoldingOnlyPinnedAnchorsIsPinned() {
		ClientTrust trust = new ClientTrust("server.ssl", List.of(prodRoot.certificate()));
		AnchorPinning pinned = AnchorPinning.of(trust, Set.of(prodRoot.sha256(), otherRoot.sha256()), CertificateCacheLimits.DEFAULTS);
		X509Certificate leaf = TestCertificate.client("CN=orders").signedBy(prodRoot).build().certificate();
		assertThat(pinned.check(ChainCheck.Context.unvalidated(new X509Certificate[] { leaf }, facts(leaf), orders,
				Instant.now()))).isNull();
	}

	private Refusal check(X509Certificate... chain) {
		return this.pinning.check(ChainCheck.Context.unvalidated(chain, facts(chain[0]), orders, Instant.now()));
	}

	private static CertificateFacts facts(X509Certificate certificate) {
		try {
			return CertificateFacts.of(certificate);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
