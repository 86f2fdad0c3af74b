package io.github.mtls.path;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static io.github.mtls.path.PathValidatorTests.assertInvalid;
import static io.github.mtls.path.PathValidatorTests.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-chain verdict cache: valid while no certificate changes its validity state, computed in
 * the leaf's validity window, dropped when the trust anchors are reloaded.
 */
class ValidatedChainsTests {

	static final Instant NOW = PathValidatorTests.NOW;

	static final TestPki pki = PathValidatorTests.pki;

	static final TestCertificate root = PathValidatorTests.root;

	static final TestCertificate shortCa = PathValidatorTests.shortCa;

	static final TestCertificate leaf = PathValidatorTests.shortLeaf;

	static final X509Certificate[] chain = { leaf.certificate(), shortCa.certificate() };

	final AtomicReference<List<X509Certificate>> anchors = new AtomicReference<>(List.of(root.certificate()));

	final ValidatedChains chains = new ValidatedChains(PathSettings.DEFAULTS, this.anchors::get, CertificateCacheLimits.DEFAULTS);

	@Test
	void verdictIsComputedOnceAndReusedWithinTheValidityWindow() {
		PathVerdict first = this.chains.validate(chain, NOW, true);
		assertValid(first, root, leaf, shortCa);
		assertThat(this.chains.size()).isOne();
		assertThat(this.chains.validate(chain, NOW.plus(Duration.ofDays(5)), true)).isSameAs(first);
		assertThat(this.chains.validate(chain.clone(), NOW.plus(Duration.ofDays(1)), true)).isSameAs(first);
		assertThat(this.chains.size()).isOne();
	}

	@Test
	void cachedVerdictChangesAtTheEdgeOfAnIntermediatesValidity() {
		Instant edge = shortCa.certificate().getNotAfter().toInstant();
		PathVerdict before = this.chains.validate(chain, NOW, true);
		assertValid(before, root, leaf, shortCa);
		assertThat(this.chains.validate(chain, edge, true)).isSameAs(before);
		PathVerdict.Invalid after = assertInvalid(this.chains.validate(chain, edge.plusMillis(1), true),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(after.attempted().certificates()).containsExactly(leaf.certificate(), shortCa.certificate());
		assertThat(this.chains.validate(chain, edge.plus(Duration.ofDays(3)), true)).isSameAs(after);
		// Inside the window again (a clock set back): valid again.
		assertValid(this.chains.validate(chain, NOW, true), root, leaf, shortCa);
		assertThat(this.chains.size()).isOne();
	}

	@Test
	void intermediateNotYetValidIsInvalidUntilItsNotBefore() {
		TestCertificate futureCa = TestCertificate.authority("CN=Future CA,O=Acme")
			.validity(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(40)))
			.signedBy(root)
			.build();
		TestCertificate early = TestCertificate.client("CN=early,O=Acme")
			.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))
			.signedBy(futureCa)
			.build();
		X509Certificate[] presented = { early.certificate(), futureCa.certificate() };
		assertInvalid(this.chains.validate(presented, NOW, true), RefusalReason.CERTIFICATE_PATH_INVALID);
		assertValid(this.chains.validate(presented, futureCa.certificate().getNotBefore().toInstant(), true), root,
				early, futureCa);
	}

	@Test
	void expiredLeafWithASoundChainGetsAValidPath() {
		TestCertificate expired = TestCertificate.client("CN=old,O=Acme").signedBy(root).expired().build();
		assertValid(this.chains.validate(new X509Certificate[] { expired.certificate() }, NOW, true), root, expired);
	}

	@Test
	void expiredLeafWithASoundChainIsRefusedByThePipelineAsExpired() {
		TestCertificate expired = TestCertificate.client("CN=old,O=Acme").signedBy(root).expired().build();
		TestCertificate foreignExpired = TestCertificate.client("CN=old,O=Acme")
			.signedBy(pki.authority("CN=Other CA,O=Elsewhere"))
			.expired()
			.build();
		IdentityIndex identities = new IdentityIndex(List.of(new ClientIdentity("old",
				Map.of(SelectorKind.SUBJECT_DN, Set.of(SelectorKind.SUBJECT_DN.canonicalize(expired.subjectDn()))),
				List.of())));
		AuthenticationPipeline pipeline = new AuthenticationPipeline(new CertificateFactsCache(CertificateCacheLimits.DEFAULTS),
				new CertificatePolicy(), identities, this.chains, List.of(), List.of(), new TestClock(NOW));
		assertThat(pipeline.authenticate(new X509Certificate[] { expired.certificate() }, CertificateOrigin.DIRECT))
			.isInstanceOfSatisfying(Decision.Refused.class,
					(refused) -> assertThat(refused.reason()).isEqualTo(RefusalReason.CERTIFICATE_EXPIRED));
		// The leaf's own validity is its path's first rule: an expired certificate of another CA is
		// refused as expired too, before any path is built.
		assertThat(pipeline.authenticate(new X509Certificate[] { foreignExpired.certificate() },
				CertificateOrigin.DIRECT))
			.isInstanceOfSatisfying(Decision.Refused.class,
					(refused) -> assertThat(refused.reason()).isEqualTo(RefusalReason.CERTIFICATE_EXPIRED));
		assertThat(this.chains.validate(new X509Certificate[] { foreignExpired.certificate() }, NOW, true))
			.isInstanceOf(PathVerdict.Invalid.class);
	}

	@Test
	void reloadedAnchorsDropTheVerdictsOfThePreviousOnes() {
		TestCertificate direct = pki.client("CN=direct,O=Acme");
		assertValid(this.chains.validate(chain, NOW, true), root, leaf, shortCa);
		assertValid(this.chains.validate(new X509Certificate[] { direct.certificate() }, NOW, true), root, direct);
		assertThat(this.chains.size()).isEqualTo(2);
		TestCertificate otherCa = pki.authority("CN=Other CA,O=Elsewhere");
		this.anchors.set(List.of(otherCa.certificate()));
		assertThat(this.chains.validator().anchors()).containsExactly(otherCa.certificate());
		assertThat(this.chains.size()).isZero();
		assertInvalid(this.chains.validate(chain, NOW, true), RefusalReason.CERTIFICATE_UNTRUSTED);
		this.anchors.set(List.of(root.certificate()));
		assertValid(this.chains.validate(chain, NOW, true), root, leaf, shortCa);
		assertThat(this.chains.hasAnchors()).isTrue();
		this.anchors.set(List.of());
		assertThat(this.chains.hasAnchors()).isFalse();
	}

	@Test
	void diagnosticValidationIsNotRemembered() {
		assertValid(this.chains.validate(chain, NOW, false), root, leaf, shortCa);
		assertThat(this.chains.size()).isZero();
	}

}
