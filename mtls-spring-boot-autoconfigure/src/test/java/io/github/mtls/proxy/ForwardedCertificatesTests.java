package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Re-validation of forwarded chains against the application's anchors, its limits and its cache. */
class ForwardedCertificatesTests {

	static final TestPki pki = TestPki.shared();

	static final ClientTrust trust = new ClientTrust("test", List.of(pki.root().certificate()));

	static final TestCertificate intermediate = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate client = TestCertificate.client("CN=orders,O=Acme").signedBy(intermediate).build();

	static final TestCertificate direct = pki.client("CN=direct,O=Acme");

	static final TestCertificate foreign = TestCertificate.client("CN=orders,O=Acme")
		.signedBy(TestCertificate.authority("CN=Other CA").build())
		.build();

	static final Instant now = Instant.now();

	final ForwardedCertificates certificates = new ForwardedCertificates(HeaderFormat.RFC9440, trust, 5, 32 * 1024,
			100);

	@Test
	void chainThroughAnIntermediateIsValidatedToTheAnchor() {
		assertThat(present(resolve(client, true))).containsExactly(client.certificate(), intermediate.certificate());
	}

	@Test
	void leafIssuedByTheAnchorNeedsNoChain() {
		assertThat(present(resolve(direct, false))).containsExactly(direct.certificate());
	}

	@Test
	void leafWithoutItsIntermediateIsUntrusted() {
		assertRefused(resolve(client, false), RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void certificateFromAnotherCaIsUntrusted() {
		assertRefused(resolve(foreign, true), RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void forgedChainWithAMatchingIssuerNameButAnotherKeyIsUntrusted() {
		TestCertificate impostorCa = TestCertificate.authority("CN=Issuing CA,O=Acme").build();
		TestCertificate impostor = TestCertificate.client("CN=orders,O=Acme").signedBy(impostorCa).build();
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(impostor)),
				List.of(ForwardedCertificateHeaders.rfc9440Chain(client)));
		assertRefused(this.certificates.resolve(headers, now), RefusalReason.CERTIFICATE_UNTRUSTED);
	}

	@Test
	void caCertificateAsTheLeafIsRefusedByPolicy() {
		assertRefused(this.certificates.resolve(ForwardedHeaders.of(ForwardedCertificateHeaders.rfc9440(intermediate)),
				now), RefusalReason.CERTIFICATE_POLICY);
	}

	@Test
	void expiredLeafWithASoundChainIsHandedToThePipelineToBeRefusedAsExpired() {
		TestCertificate expired = TestCertificate.client("CN=old").signedBy(pki.root()).expired().build();
		assertThat(present(resolve(expired, false))).containsExactly(expired.certificate());
	}

	@Test
	void intermediateOutsideItsValidityIsUntrustedAtThatTime() {
		Instant until = now.plus(Duration.ofDays(10));
		TestCertificate shortCa = TestCertificate.authority("CN=Short CA").validity(now.minus(Duration.ofDays(1)), until)
			.signedBy(pki.root())
			.build();
		TestCertificate leaf = TestCertificate.client("CN=short").signedBy(shortCa).build();
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(leaf)),
				List.of(ForwardedCertificateHeaders.rfc9440Chain(leaf)));
		assertThat(this.certificates.resolve(headers, now)).isInstanceOf(ForwardedChain.Present.class);
		assertRefused(this.certificates.resolve(headers, until.plusSeconds(1)), RefusalReason.CERTIFICATE_UNTRUSTED);
		assertThat(this.certificates.resolve(headers, now)).isInstanceOf(ForwardedChain.Present.class);
	}

	@Test
	void sameHeaderResolvesToTheSameCertificateInstancesWithoutRevalidating() {
		X509Certificate[] first = present(resolve(client, true));
		X509Certificate[] second = present(resolve(client, true));
		assertThat(second).isSameAs(first);
		assertThat(this.certificates.cachedChains()).isEqualTo(1);
	}

	@Test
	void chainLongerThanTheLimitIsRefused() {
		ForwardedCertificates strict = new ForwardedCertificates(HeaderFormat.RFC9440, trust, 1, 32 * 1024, 100);
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(client)),
				List.of(ForwardedCertificateHeaders.rfc9440Chain(client)));
		assertRefused(strict.resolve(headers, now), RefusalReason.MALFORMED_CERTIFICATE_HEADER);
	}

	@Test
	void oversizedHeadersAreRefusedWithoutDecodingOrCaching() {
		ForwardedHeaders headers = ForwardedHeaders.of(":" + "A".repeat(40_000) + ":");
		assertRefused(this.certificates.resolve(headers, now), RefusalReason.MALFORMED_CERTIFICATE_HEADER);
		assertThat(this.certificates.cachedChains()).isZero();
	}

	@Test
	void withoutRevalidationTheDecodedChainIsTakenAsTheProxyValidatedIt() {
		ForwardedCertificates trusting = new ForwardedCertificates(HeaderFormat.RFC9440, null, 5, 32 * 1024, 100);
		assertThat(present(trusting.resolve(ForwardedHeaders.of(ForwardedCertificateHeaders.rfc9440(foreign)), now)))
			.containsExactly(foreign.certificate());
	}

	@Test
	void selfSignedClientCertificateTrustedAsAnAnchorIsAccepted() {
		TestCertificate selfSigned = TestCertificate.client("CN=self").build();
		ForwardedCertificates pinned = new ForwardedCertificates(HeaderFormat.RFC9440,
				new ClientTrust("self", List.of(selfSigned.certificate())), 5, 32 * 1024, 100);
		assertThat(present(pinned.resolve(ForwardedHeaders.of(ForwardedCertificateHeaders.rfc9440(selfSigned)), now)))
			.containsExactly(selfSigned.certificate());
	}

	private ForwardedChain resolve(TestCertificate certificate, boolean withChain) {
		return this.certificates.resolve(new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(certificate)),
				withChain ? List.of(ForwardedCertificateHeaders.rfc9440Chain(certificate)) : List.of()), now);
	}

	static X509Certificate[] present(ForwardedChain chain) {
		return HeaderFormatTests.present(chain);
	}

	static void assertRefused(ForwardedChain chain, RefusalReason reason) {
		assertThat(chain).isInstanceOfSatisfying(ForwardedChain.Refused.class,
				(refused) -> assertThat(refused.refusal().reason()).isEqualTo(reason));
	}

}
