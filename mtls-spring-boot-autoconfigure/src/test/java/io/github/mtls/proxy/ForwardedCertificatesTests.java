package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.List;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoding of forwarded chains, its limits and its cache; their paths are validated by the pipeline. */
class ForwardedCertificatesTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate intermediate = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate client = TestCertificate.client("CN=orders,O=Acme").signedBy(intermediate).build();

	static final TestCertificate foreign = TestCertificate.client("CN=orders,O=Acme")
		.signedBy(TestCertificate.authority("CN=Other CA").build())
		.build();

	final ForwardedCertificates certificates = new ForwardedCertificates(HeaderFormat.RFC9440, true, 5, 32 * 1024,
			CertificateCacheLimits.DEFAULTS);

	@Test
	void forwardedChainIsDecodedInOrderWithoutDuplicates() {
		assertThat(present(resolve(client, true))).containsExactly(client.certificate(), intermediate.certificate());
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
		ForwardedCertificates strict = new ForwardedCertificates(HeaderFormat.RFC9440, true, 1, 32 * 1024, CertificateCacheLimits.DEFAULTS);
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(client)),
				List.of(ForwardedCertificateHeaders.rfc9440Chain(client)));
		assertRefused(strict.resolve(headers), RefusalReason.MALFORMED_CERTIFICATE_HEADER);
	}

	@Test
	void oversizedHeadersAreRefusedWithoutDecodingOrCaching() {
		ForwardedHeaders headers = ForwardedHeaders.of(":" + "A".repeat(40_000) + ":");
		assertRefused(this.certificates.resolve(headers), RefusalReason.MALFORMED_CERTIFICATE_HEADER);
		assertThat(this.certificates.cachedChains()).isZero();
	}

	@Test
	void withoutRevalidationTheDecodedChainIsTakenAsTheProxyValidatedIt() {
		ForwardedCertificates trusting = new ForwardedCertificates(HeaderFormat.RFC9440, false, 5, 32 * 1024, CertificateCacheLimits.DEFAULTS);
		assertThat(trusting.revalidates()).isFalse();
		assertThat(present(trusting.resolve(ForwardedHeaders.of(ForwardedCertificateHeaders.rfc9440(foreign)))))
			.containsExactly(foreign.certificate());
	}

	private ForwardedChain resolve(TestCertificate certificate, boolean withChain) {
		return this.certificates.resolve(new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(certificate)),
				withChain ? List.of(ForwardedCertificateHeaders.rfc9440Chain(certificate)) : List.of()));
	}

	static X509Certificate[] present(ForwardedChain chain) {
		return HeaderFormatTests.present(chain);
	}

	static void assertRefused(ForwardedChain chain, RefusalReason reason) {
		assertThat(chain).isInstanceOfSatisfying(ForwardedChain.Refused.class,
				(refused) -> assertThat(refused.refusal().reason()).isEqualTo(reason));
	}

}
