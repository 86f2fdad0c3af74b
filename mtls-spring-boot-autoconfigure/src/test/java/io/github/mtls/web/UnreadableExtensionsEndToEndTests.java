package io.github.mtls.web;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import io.github.mtls.TestApplication;
import io.github.mtls.core.Decision;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: extensions with broken DER are refused, never read as absent. Direct mode, real TLS
 * handshakes with {@code client-auth=need}: the JDK keeps a non-critical extension it cannot
 * parse as opaque bytes, so the handshake succeeds and the application's own reading decides.
 * Revocation is {@code crl}, fail-closed.
 */
@SpringBootTest(classes = { TestApplication.class, UnreadableExtensionsEndToEndTests.Recorded.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest
class UnreadableExtensionsEndToEndTests {

	/** A SEQUENCE that announces five bytes and holds one. */
	static final byte[] BROKEN = { 0x30, 0x05, 0x06 };

	static final TestPki pki = TestPki.shared();

	static final TestCertificate readable = pki.client("CN=broken-extensions,O=Acme");

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.broken.subject-dn", () -> "CN=broken-extensions,O=Acme");
		registry.add("mtls.revocation.mode", () -> "crl");
		registry.add("mtls.revocation.failure-policy", () -> "fail-closed");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recorded {

		@Bean
		ProxyModeTestConfiguration.Decisions decisions() {
			return new ProxyModeTestConfiguration.Decisions();
		}

	}

	@Autowired
	TestIdentities server;

	@Autowired
	ProxyModeTestConfiguration.Decisions decisions;

	@Test
	void pinnedCertificateWithReadableExtensionsAndNoRevocationSourceIsAccepted() {
		HttpResponse<String> response = whoami(readable);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"broken\"");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("usageExtensions")
	void unreadableUsageExtensionIsRefusedAsCertificatePolicy(String name, ASN1ObjectIdentifier oid) {
		TestCertificate broken = pki.client("CN=broken-extensions,O=Acme", (c) -> c.rawExtension(oid, false, BROKEN));
		HttpResponse<String> response = whoami(broken);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"certificate_policy\"");
		assertThat(this.decisions.last()).isInstanceOfSatisfying(Decision.Refused.class, (refused) -> assertThat(
				refused.refusal().detail()).isEqualTo("unreadable certificate extension " + oid.getId()));
	}

	static Stream<Arguments> usageExtensions() {
		return Stream.of(Arguments.of("extended key usage", Extension.extendedKeyUsage),
				Arguments.of("key usage", Extension.keyUsage),
				Arguments.of("subject alternative name", Extension.subjectAlternativeName),
				Arguments.of("basic constraints", Extension.basicConstraints),
				Arguments.of("certificate policies", Extension.certificatePolicies),
				Arguments.of("name constraints", Extension.nameConstraints));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("revocationSources")
	void unreadableRevocationSourceIsAnUnknownStatusRefusedUnderFailClosed(String name, ASN1ObjectIdentifier oid) {
		TestCertificate broken = pki.client("CN=broken-extensions,O=Acme", (c) -> c.rawExtension(oid, false, BROKEN));
		HttpResponse<String> response = whoami(broken);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"revocation_unknown\"");
		assertThat(this.decisions.last()).isInstanceOfSatisfying(Decision.Refused.class,
				(refused) -> assertThat(refused.refusal().detail()).contains("extension of serial "
						+ broken.serialHex() + " is unreadable"));
	}

	static Stream<Arguments> revocationSources() {
		return Stream.of(Arguments.of("CRL distribution points", Extension.cRLDistributionPoints),
				Arguments.of("freshest CRL", Extension.freshestCRL),
				Arguments.of("authority information access", Extension.authorityInfoAccess));
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, this.server.baseUrl() + "/whoami");
	}

}
