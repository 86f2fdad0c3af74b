package io.github.mtls.path;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path building from an unordered pool to a trust anchor and its validation by RFC 5280, with
 * certificates from the test PKI: each verdict is asserted with its reason code and path.
 */
class PathValidatorTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	static final TestPki pki = TestPki.shared();

	static final TestCertificate root = pki.root();

	static final TestCertificate intermediate = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(root)
		.build();

	static final TestCertificate client = TestCertificate.client("CN=orders,O=Acme").signedBy(intermediate).build();

	static final TestCertificate otherCa = pki.authority("CN=Other CA,O=Elsewhere");

	/** An intermediate valid for 10 more days, and a leaf it issued that outlives it. */
	static final TestCertificate shortCa = TestCertificate.authority("CN=Short CA,O=Acme")
		.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10)))
		.signedBy(root)
		.build();

	static final TestCertificate shortLeaf = TestCertificate.client("CN=short,O=Acme")
		.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))
		.signedBy(shortCa)
		.build();

	static final String POLICY = "1.3.6.1.4.1.99999.1";

	static final String OTHER_POLICY = "1.3.6.1.4.1.99999.2";

	final PathValidator validator = new PathValidator(PathSettings.DEFAULTS, List.of(root.certificate()));

	@Test
	void chainThroughAnIntermediateIsValidatedToTheAnchor() {
		assertValid(this.validator.validate(client.certificate(), List.of(intermediate.certificate()), NOW), root,
				client, intermediate);
	}

	@Test
	void leafIssuedByTheAnchorNeedsNoChain() {
		TestCertificate direct = pki.client("CN=direct,O=Acme");
		assertValid(this.validator.validate(direct.certificate(), List.of(), NOW), root, direct);
	}

	@Test
	void leafWithoutItsIntermediateIsUntrusted() {
		PathVerdict.Invalid invalid = assertInvalid(this.validator.validate(client.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.attempted()).isNull();
		assertThat(invalid.refusal().detail()).contains("CN=Issuing CA,O=Acme", "neither a trust anchor nor in the chain");
	}

	@Test
	void certificateFromAnotherCaIsUntrustedEvenWithItsRootInThePool() {
		TestCertificate foreign = TestCertificate.client("CN=orders,O=Acme").signedBy(otherCa).build();
		PathVerdict.Invalid invalid = assertInvalid(
				this.validator.validate(foreign.certificate(), List.of(otherCa.certificate()), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.attempted()).isNull();
		assertThat(invalid.refusal().detail()).contains("CN=Other CA,O=Elsewhere");
	}

	@Test
	void forgedChainWithAMatchingIssuerNameButAnotherKeyIsUntrusted() {
		TestCertificate impostorCa = TestCertificate.authority("CN=Issuing CA,O=Acme").build();
		TestCertificate impostor = TestCertificate.client("CN=orders,O=Acme").signedBy(impostorCa).build();
		PathVerdict.Invalid invalid = assertInvalid(
				this.validator.validate(impostor.certificate(), List.of(intermediate.certificate()), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		// The real CA has the name but not the key: no path is built through it.
		assertThat(invalid.attempted()).isNull();
		assertThat(invalid.refusal().detail())
			.endsWith("no trust anchor or CA certificate named \"CN=Issuing CA,O=Acme\" holds the key that signed it");
	}

	@Test
	void leafSignedByAnotherKeyThanTheAnchorsIsUntrustedNamingTheKey() {
		TestCertificate impostorRoot = TestCertificate.authority(root.subjectDn()).build();
		TestCertificate impostor = TestCertificate.client("CN=orders,O=Acme").signedBy(impostorRoot).build();
		PathVerdict.Invalid invalid = assertInvalid(this.validator.validate(impostor.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.refusal().detail()).isEqualTo("no path from \""
				+ impostor.certificate().getSubjectX500Principal().getName()
				+ "\" to a trusted anchor: no trust anchor or CA certificate named \""
				+ root.certificate().getSubjectX500Principal().getName() + "\" holds the key that signed it");
	}

	@Test
	void leafWithoutKeyIdentifiersSignedByAnotherKeyIsUntrustedBySignature() {
		TestCertificate impostorRoot = TestCertificate.authority(root.subjectDn()).noKeyIdentifiers().build();
		TestCertificate impostor = TestCertificate.client("CN=orders,O=Acme")
			.noKeyIdentifiers()
			.signedBy(impostorRoot)
			.build();
		assertThat(impostor.certificate().getExtensionValue("2.5.29.35")).isNull();
		PathVerdict.Invalid invalid = assertInvalid(this.validator.validate(impostor.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.refusal().detail()).contains("holds the key that signed it");
		TestCertificate genuine = TestCertificate.client("CN=orders,O=Acme").noKeyIdentifiers().signedBy(root).build();
		// A certificate without key identifiers breaks RFC 5280 4.2.1.1: legacy PKIs run under compatible.
		PathValidator legacy = new PathValidator(PathSettings.DEFAULTS.withProfile(ProfileMode.COMPATIBLE),
				List.of(root.certificate()));
		assertValid(legacy.validate(genuine.certificate(), List.of(), NOW), root, genuine);
	}

	@Test
	void selfSignedClientCertificateTrustedAsAnAnchorItselfIsValid() {
		TestCertificate selfSigned = TestCertificate.client("CN=self").build();
		PathValidator pinned = new PathValidator(PathSettings.DEFAULTS, List.of(selfSigned.certificate()));
		assertValid(pinned.validate(selfSigned.certificate(), List.of(), NOW), selfSigned, selfSigned);
		assertInvalid(this.validator.validate(selfSigned.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void intermediateOutsideItsValidityBreaksThePathAtThatTimeOnly() {
		List<X509Certificate> pool = List.of(shortCa.certificate());
		Instant edge = shortCa.certificate().getNotAfter().toInstant();
		assertValid(this.validator.validate(shortLeaf.certificate(), pool, edge), root, shortLeaf, shortCa);
		PathVerdict.Invalid invalid = assertInvalid(
				this.validator.validate(shortLeaf.certificate(), pool, edge.plusSeconds(1)),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.attempted().certificates()).containsExactly(shortLeaf.certificate(),
				shortCa.certificate());
		assertThat(invalid.refusal().detail()).contains("CN=Short CA,O=Acme");
		assertInvalid(this.validator.validate(shortLeaf.certificate(), pool, NOW.minus(Duration.ofDays(2))),
				RefusalReason.CERTIFICATE_PATH_INVALID);
	}

	@Test
	void expiredLeafIsNotValidAtTheTimeItIsValidatedAt() {
		// ValidatedChains moves the time into the leaf's validity so that the pipeline can say
		// certificate_expired; the validator itself validates at the time it is given.
		TestCertificate expired = TestCertificate.client("CN=old").signedBy(root).expired().build();
		assertInvalid(this.validator.validate(expired.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertValid(this.validator.validate(expired.certificate(), List.of(), expired.certificate().getNotAfter()
			.toInstant()), root, expired);
	}

	@Test
	void unorderedPoolWithExtrasAndDuplicatesBuildsOnlyThePath() {
		TestCertificate middle = TestCertificate.authority("CN=Middle CA,O=Acme").signedBy(root).build();
		TestCertificate issuing = TestCertificate.authority("CN=Issuing CA 2,O=Acme").signedBy(middle).build();
		TestCertificate leaf = TestCertificate.client("CN=deep,O=Acme").signedBy(issuing).build();
		List<X509Certificate> pool = List.of(otherCa.certificate(), issuing.certificate(), root.certificate(),
				intermediate.certificate(), middle.certificate(), issuing.certificate(), leaf.certificate());
		assertValid(this.validator.validate(leaf.certificate(), pool, NOW), root, leaf, issuing, middle);
	}

	@Test
	void whenTheFirstCandidatePathFailsTheNextOneIsTried() {
		// The partner CA was re-certified with the same name and key: the old certificate has
		// expired, the new one is valid. Both are in the pool, the old one first.
		TestCertificate partner = TestCertificate.authority("CN=Partner CA,O=Acme").signedBy(root).build();
		TestCertificate retired = TestCertificate.authority("CN=Partner CA,O=Acme")
			.keyPair(partner.keyPair())
			.validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(35)))
			.signedBy(root)
			.build();
		TestCertificate leaf = TestCertificate.client("CN=partner,O=Acme").signedBy(partner).build();
		assertValid(this.validator.validate(leaf.certificate(), List.of(retired.certificate(), partner.certificate()),
				NOW), root, leaf, partner);
		assertValid(this.validator.validate(leaf.certificate(), List.of(partner.certificate(), retired.certificate()),
				NOW), root, leaf, partner);
		PathVerdict.Invalid invalid = assertInvalid(
				this.validator.validate(leaf.certificate(), List.of(retired.certificate()), NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.attempted().certificates()).containsExactly(leaf.certificate(), retired.certificate());
	}

	@Test
	void maxChainLengthBoundsThePath() {
		TestCertificate first = TestCertificate.authority("CN=Level 1 CA,O=Acme").signedBy(root).build();
		TestCertificate second = TestCertificate.authority("CN=Level 2 CA,O=Acme").signedBy(first).build();
		TestCertificate third = TestCertificate.authority("CN=Level 3 CA,O=Acme").signedBy(second).build();
		TestCertificate leaf = TestCertificate.client("CN=four deep,O=Acme").signedBy(third).build();
		List<X509Certificate> pool = List.of(third.certificate(), second.certificate(), first.certificate());
		PathVerdict.Invalid invalid = assertInvalid(
				validator(settings(Set.of(PathSettings.ANY_POLICY), false, 3, 16)).validate(leaf.certificate(), pool,
						NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.attempted()).isNull();
		assertThat(invalid.refusal().detail()).contains("max-chain-length 3");
		assertValid(validator(settings(Set.of(PathSettings.ANY_POLICY), false, 4, 16)).validate(leaf.certificate(),
				pool, NOW), root, leaf, third, second, first);
	}

	@Test
	void maxCandidatePathsBoundsTheCandidatesValidated() {
		// Twenty anchors with the root's name and key, listed before the real root, each constrained
		// to other names: every one of them completes a candidate path that breaks its constraints.
		List<X509Certificate> anchors = new ArrayList<>();
		IntStream.range(0, 20)
			.forEach((i) -> anchors.add(TestCertificate.authority(root.subjectDn())
				.keyPair(root.keyPair())
				.permittedSubtree("O=Elsewhere")
				.build()
				.certificate()));
		anchors.add(root.certificate());
		List<X509Certificate> pool = List.of(intermediate.certificate());
		PathVerdict.Invalid invalid = assertInvalid(
				new PathValidator(settings(Set.of(PathSettings.ANY_POLICY), false, 8, 20), anchors)
					.validate(client.certificate(), pool, NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.attempted().anchor()).isEqualTo(anchors.get(0));
		assertThat(invalid.refusal().detail()).contains("name constraints");
		// The 21st candidate is the valid one: it is reached only when 21 candidates may be validated.
		assertValid(new PathValidator(settings(Set.of(PathSettings.ANY_POLICY), false, 8, 21), anchors)
			.validate(client.certificate(), pool, NOW), root, client, intermediate);
	}

	@Test
	void craftedPoolOfLookAlikeIssuersWithOtherKeysCostsNoCandidate() {
		// Forty CA certificates named like the client's issuer, each with another key and signed
		// by the anchor; the real issuer comes last and is found by its key identifier.
		List<X509Certificate> crafted = new ArrayList<>();
		KeyPair decoyKey = TestCertificate.authority("CN=Decoy").build().keyPair();
		IntStream.range(0, 40)
			.forEach((i) -> crafted.add(TestCertificate.authority(intermediate.subjectDn())
				.keyPair(decoyKey)
				.signedBy(root)
				.build()
				.certificate()));
		crafted.add(intermediate.certificate());
		CountingPool pool = new CountingPool(crafted);
		assertValid(this.validator.validate(client.certificate(), pool, NOW), root, client, intermediate);
		assertThat(pool.visited).isEqualTo(crafted.size());
	}

	@Test
	void craftedPoolOfIssuersWithTheRightKeyIsRefusedQuicklyWithBoundedWork() {
		// Forty expired CA certificates with the client's issuer's name and key (so that each passes
		// the key match and completes a candidate path that fails); the valid issuer comes last.
		List<X509Certificate> crafted = new ArrayList<>();
		IntStream.range(0, 40)
			.forEach((i) -> crafted.add(TestCertificate.authority(intermediate.subjectDn())
				.keyPair(intermediate.keyPair())
				.expired()
				.signedBy(root)
				.build()
				.certificate()));
		crafted.add(intermediate.certificate());
		CountingPool pool = new CountingPool(crafted);
		long started = System.nanoTime();
		PathVerdict.Invalid invalid = assertInvalid(this.validator.validate(client.certificate(), pool, NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(invalid.attempted().certificates()).containsExactly(client.certificate(), crafted.get(0));
		assertThat(invalid.refusal().detail()).contains("CN=Issuing CA,O=Acme");
		PathSettings settings = this.validator.settings();
		// Pool entries looked at: at most max-candidate-paths x max-chain-length, plus one per level.
		assertThat(pool.visited).isLessThanOrEqualTo(
				settings.maxCandidatePaths() * settings.maxChainLength() + settings.maxChainLength());
		assertThat(took).isLessThan(Duration.ofSeconds(2));
		// The same pool with its real issuer first is valid: the refusal came from the bound.
		List<X509Certificate> realFirst = new ArrayList<>(crafted);
		realFirst.add(0, realFirst.remove(realFirst.size() - 1));
		assertValid(this.validator.validate(client.certificate(), realFirst, NOW), root, client, intermediate);
	}

	@Test
	void poolPaddedWithUnrelatedCertificatesIsRefusedOnceTheWorkBoundIsReached() {
		PathSettings settings = this.validator.settings();
		int bound = settings.maxCandidatePaths() * settings.maxChainLength();
		List<X509Certificate> padded = new ArrayList<>(Collections.nCopies(bound, otherCa.certificate()));
		padded.add(intermediate.certificate());
		PathVerdict.Invalid invalid = assertInvalid(this.validator.validate(client.certificate(), padded, NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.refusal().detail()).isEqualTo("no valid path within max-candidate-paths 16");
		padded.remove(0);
		assertValid(this.validator.validate(client.certificate(), padded, NOW), root, client, intermediate);
	}

	@Test
	void explicitPolicyOutsideTheInitialPoliciesBreaksThePath() {
		TestCertificate policyCa = TestCertificate.authority("CN=Policy CA,O=Acme")
			.policies(POLICY)
			.signedBy(root)
			.build();
		TestCertificate leaf = TestCertificate.client("CN=policy,O=Acme").policies(POLICY).signedBy(policyCa).build();
		List<X509Certificate> pool = List.of(policyCa.certificate());
		PathVerdict.Invalid invalid = assertInvalid(
				validator(settings(Set.of(OTHER_POLICY), true, 8, 16)).validate(leaf.certificate(), pool, NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.attempted().certificates()).containsExactly(leaf.certificate(), policyCa.certificate());
		assertThat(invalid.refusal().detail()).containsIgnoringCase("polic");
		assertValid(validator(settings(Set.of(POLICY), true, 8, 16)).validate(leaf.certificate(), pool, NOW), root,
				leaf, policyCa);
		assertValid(validator(settings(Set.of(OTHER_POLICY, POLICY), true, 8, 16)).validate(leaf.certificate(), pool,
				NOW), root, leaf, policyCa);
		// Without require-explicit the initial policies alone do not refuse (RFC 5280 6.1.5 (g)).
		assertValid(validator(settings(Set.of(OTHER_POLICY), false, 8, 16)).validate(leaf.certificate(), pool, NOW),
				root, leaf, policyCa);
	}

	@Test
	void pathWithoutPoliciesIsRefusedWhenAnExplicitPolicyIsRequired() {
		PathVerdict.Invalid invalid = assertInvalid(validator(settings(Set.of(PathSettings.ANY_POLICY), true, 8, 16))
			.validate(client.certificate(), List.of(intermediate.certificate()), NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.refusal().detail()).containsIgnoringCase("polic");
	}

	@Test
	void directoryNameConstraintOfTheAnchorCertificateIsEnforced() {
		TestCertificate acmeRoot = TestCertificate.authority("CN=Acme Root,O=Acme").permittedSubtree("O=Acme").build();
		PathValidator acme = new PathValidator(PathSettings.DEFAULTS, List.of(acmeRoot.certificate()));
		TestCertificate inside = TestCertificate.client("CN=x,O=Acme").signedBy(acmeRoot).build();
		assertValid(acme.validate(inside.certificate(), List.of(), NOW), acmeRoot, inside);
		TestCertificate outside = TestCertificate.client("CN=x,O=Evil").signedBy(acmeRoot).build();
		PathVerdict.Invalid invalid = assertInvalid(acme.validate(outside.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.attempted().certificates()).containsExactly(outside.certificate());
		assertThat(invalid.attempted().anchor()).isEqualTo(acmeRoot.certificate());
		assertThat(invalid.refusal().detail()).contains("CN=x,O=Evil", "name constraints", "CN=Acme Root,O=Acme");
	}

	@Test
	void intermediateOutsideTheAnchorsNameConstraintCannotVouchForALeafInside() {
		TestCertificate acmeRoot = TestCertificate.authority("CN=Acme Root,O=Acme").permittedSubtree("O=Acme").build();
		TestCertificate evilCa = TestCertificate.authority("CN=Evil CA,O=Evil").signedBy(acmeRoot).build();
		TestCertificate leaf = TestCertificate.client("CN=x,O=Acme").signedBy(evilCa).build();
		PathVerdict.Invalid invalid = assertInvalid(
				new PathValidator(PathSettings.DEFAULTS, List.of(acmeRoot.certificate())).validate(leaf.certificate(),
						List.of(evilCa.certificate()), NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.refusal().detail()).contains("CN=Evil CA,O=Evil", "name constraints");
	}

	@Test
	void dnsNameExcludedByTheAnchorCertificateIsRefused() {
		TestCertificate acmeRoot = TestCertificate.authority("CN=Acme Root,O=Acme").excludedDns("evil.test").build();
		PathValidator acme = new PathValidator(PathSettings.DEFAULTS, List.of(acmeRoot.certificate()));
		TestCertificate allowed = TestCertificate.client("CN=x,O=Acme").sanDns("orders.acme.test").signedBy(acmeRoot)
			.build();
		assertValid(acme.validate(allowed.certificate(), List.of(), NOW), acmeRoot, allowed);
		TestCertificate excluded = TestCertificate.client("CN=y,O=Acme").sanDns("www.evil.test").signedBy(acmeRoot)
			.build();
		PathVerdict.Invalid invalid = assertInvalid(acme.validate(excluded.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.refusal().detail()).contains("CN=y,O=Acme", "name constraints");
	}

	@Test
	void fortyAnchorsWithTheSameSubjectAndTheRightOneLastAcceptTheValidChainWithinTheDefaultBudget() {
		// A CA renewed thirty-nine times, every key trusted side by side, the client's issuer last.
		List<X509Certificate> anchors = rolledOver(root.subjectDn(), 39);
		anchors.add(root.certificate());
		PathValidator rolled = new PathValidator(PathSettings.DEFAULTS, anchors);
		assertValid(rolled.validate(client.certificate(), List.of(intermediate.certificate()), NOW), root, client,
				intermediate);
		TestCertificate direct = pki.client("CN=direct,O=Acme");
		assertValid(rolled.validate(direct.certificate(), List.of(), NOW), root, direct);
	}

	@Test
	void chainSignedByNoneOfFortySameNamedAnchorsIsUntrustedInBoundedTime() {
		PathValidator rolled = new PathValidator(PathSettings.DEFAULTS, rolledOver(root.subjectDn(), 40));
		long started = System.nanoTime();
		PathVerdict.Invalid invalid = assertInvalid(
				rolled.validate(client.certificate(), List.of(intermediate.certificate()), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
		assertThat(invalid.attempted()).isNull();
		assertThat(invalid.refusal().detail())
			.contains("named \"" + root.certificate().getSubjectX500Principal().getName() + "\" holds the key");
	}

	@Test
	void sameNamedAnchorsWithoutKeyIdentifiersAreChosenBySignature() {
		TestCertificate oldRoot = TestCertificate.authority("CN=Legacy Root,O=Acme").noKeyIdentifiers().build();
		List<X509Certificate> anchors = new ArrayList<>();
		IntStream.range(0, 39)
			.forEach((i) -> anchors
				.add(TestCertificate.authority("CN=Legacy Root,O=Acme").noKeyIdentifiers().build().certificate()));
		anchors.add(oldRoot.certificate());
		TestCertificate leaf = TestCertificate.client("CN=legacy,O=Acme").noKeyIdentifiers().signedBy(oldRoot).build();
		// Roots without key identifiers break RFC 5280 4.2.1.2: legacy PKIs run under compatible.
		assertValid(new PathValidator(PathSettings.DEFAULTS.withProfile(ProfileMode.COMPATIBLE), anchors)
			.validate(leaf.certificate(), List.of(), NOW), oldRoot, leaf);
	}

	@Test
	void configuredIntermediateCompletesALeafSentAlone() {
		PathValidator withIntermediates = new PathValidator(PathSettings.DEFAULTS, List.of(root.certificate()),
				List.of(intermediate.certificate()));
		assertValid(withIntermediates.validate(client.certificate(), List.of(), NOW), root, client, intermediate);
		assertInvalid(this.validator.validate(client.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void configuredIntermediateIsNeverATrustAnchor() {
		PathValidator intermediatesOnly = new PathValidator(PathSettings.DEFAULTS, List.of(otherCa.certificate()),
				List.of(intermediate.certificate()));
		PathVerdict.Invalid invalid = assertInvalid(intermediatesOnly.validate(client.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(invalid.refusal().detail()).contains(root.certificate().getSubjectX500Principal().getName(),
				"neither a trust anchor nor in the chain");
		assertInvalid(intermediatesOnly.validate(intermediate.certificate(), List.of(), NOW),
				RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void configuredIntermediatesRenewedWithANewKeyAreChosenByKey() {
		List<X509Certificate> renewed = new ArrayList<>();
		IntStream.range(0, 40)
			.forEach((i) -> renewed
				.add(TestCertificate.authority(intermediate.subjectDn()).signedBy(root).build().certificate()));
		renewed.add(intermediate.certificate());
		PathValidator withIntermediates = new PathValidator(PathSettings.DEFAULTS, List.of(root.certificate()),
				renewed);
		assertValid(withIntermediates.validate(client.certificate(), List.of(), NOW), root, client, intermediate);
	}

	@Test
	void configuredIntermediateOutsideTheAnchorsNameConstraintsCannotVouchForALeaf() {
		TestCertificate acmeRoot = TestCertificate.authority("CN=Acme Root,O=Acme").permittedSubtree("O=Acme").build();
		TestCertificate evilCa = TestCertificate.authority("CN=Evil CA,O=Evil").signedBy(acmeRoot).build();
		TestCertificate leaf = TestCertificate.client("CN=x,O=Acme").signedBy(evilCa).build();
		PathVerdict.Invalid invalid = assertInvalid(new PathValidator(PathSettings.DEFAULTS,
				List.of(acmeRoot.certificate()), List.of(evilCa.certificate()))
			.validate(leaf.certificate(), List.of(), NOW), RefusalReason.CERTIFICATE_PATH_INVALID);
		assertThat(invalid.refusal().detail()).contains("CN=Evil CA,O=Evil", "name constraints");
	}

	/** Self-signed CA certificates named {@code subjectDn}, each with a key of its own. */
	private static List<X509Certificate> rolledOver(String subjectDn, int count) {
		List<X509Certificate> anchors = new ArrayList<>();
		IntStream.range(0, count)
			.forEach((i) -> anchors.add(TestCertificate.authority(subjectDn).build().certificate()));
		return anchors;
	}

	private static PathValidator validator(PathSettings settings) {
		return new PathValidator(settings, List.of(root.certificate()));
	}

	private static PathSettings settings(Set<String> initialPolicies, boolean requireExplicit, int maxChainLength,
			int maxCandidatePaths) {
		return new PathSettings(initialPolicies, requireExplicit, false, false, maxChainLength, maxCandidatePaths);
	}

	static void assertValid(PathVerdict verdict, TestCertificate anchor, TestCertificate... path) {
		assertThat(verdict).isInstanceOfSatisfying(PathVerdict.Valid.class, (valid) -> {
			assertThat(valid.path().certificates())
				.containsExactly(List.of(path).stream().map(TestCertificate::certificate).toArray(X509Certificate[]::new));
			assertThat(valid.path().anchor()).isEqualTo(anchor.certificate());
		});
	}

	static PathVerdict.Invalid assertInvalid(PathVerdict verdict, RefusalReason reason) {
		assertThat(verdict).isInstanceOf(PathVerdict.Invalid.class);
		PathVerdict.Invalid invalid = (PathVerdict.Invalid) verdict;
		assertThat(invalid.refusal().reason()).isEqualTo(reason);
		return invalid;
	}

	/** A pool that counts the certificates the search looks at. */
	static final class CountingPool extends AbstractCollection<X509Certificate> {

		private final List<X509Certificate> certificates;

		int visited;

		CountingPool(Collection<X509Certificate> certificates) {
			this.certificates = List.copyOf(certificates);
		}

		@Override
		public Iterator<X509Certificate> iterator() {
			Iterator<X509Certificate> iterator = this.certificates.iterator();
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					return iterator.hasNext();
				}

				@Override
				public X509Certificate next() {
					CountingPool.this.visited++;
					return iterator.next();
				}

			};
		}

		@Override
		public int size() {
			return this.certificates.size();
		}

	}

}
