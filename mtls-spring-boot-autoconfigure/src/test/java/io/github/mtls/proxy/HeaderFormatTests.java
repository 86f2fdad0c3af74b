package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every header format against the encodings its proxy sends (built as each proxy's documentation
 * and source say, and for nginx and HAProxy compared with the real proxies in the end-to-end
 * tests), and against what it must refuse.
 */
class HeaderFormatTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate intermediate = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate client = TestCertificate.client("CN=orders,O=Acme").signedBy(intermediate).build();

	static final TestCertificate other = pki.client("CN=other,O=Acme");

	static Stream<Arguments> leafEncodings() {
		return Stream.of(Arguments.of(HeaderFormat.RFC9440, fn(ForwardedCertificateHeaders::rfc9440)),
				Arguments.of(HeaderFormat.XFCC, fn(ForwardedCertificateHeaders::xfcc)),
				Arguments.of(HeaderFormat.NGINX, fn(ForwardedCertificateHeaders::nginx)),
				Arguments.of(HeaderFormat.HAPROXY, fn(ForwardedCertificateHeaders::haproxy)),
				Arguments.of(HeaderFormat.TRAEFIK, fn(ForwardedCertificateHeaders::traefik)),
				Arguments.of(HeaderFormat.AWS_ALB, fn(ForwardedCertificateHeaders::awsAlb)));
	}

	static Function<TestCertificate, String> fn(Function<TestCertificate, String> encoder) {
		return encoder;
	}

	@ParameterizedTest(name = "{0} decodes the client certificate first")
	@MethodSource("leafEncodings")
	void eachFormatDecodesTheClientCertificateAsLeaf(HeaderFormat format, Function<TestCertificate, String> encoder) {
		X509Certificate[] chain = present(format.decode(ForwardedHeaders.of(encoder.apply(client))));
		assertThat(chain[0]).isEqualTo(client.certificate());
	}

	@Test
	void rfc9440ChainHeaderCarriesTheCaCertificates() {
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(client)),
				List.of(ForwardedCertificateHeaders.rfc9440Chain(client)));
		assertThat(present(HeaderFormat.RFC9440.decode(headers))).containsExactly(client.certificate(),
				intermediate.certificate());
	}

	@Test
	void rfc9440ChainHeaderLinesCombineAsOneList() {
		String ca = ForwardedCertificateHeaders.rfc9440Chain(client);
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(client)),
				List.of(ca, ForwardedCertificateHeaders.rfc9440(pki.root())));
		assertThat(present(HeaderFormat.RFC9440.decode(headers))).containsExactly(client.certificate(),
				intermediate.certificate(), pki.root().certificate());
	}

	@Test
	void rfc9440ByteSequenceMayCarryParameters() {
		String value = ForwardedCertificateHeaders.rfc9440(client) + ";verified=?1";
		assertThat(present(HeaderFormat.RFC9440.decode(ForwardedHeaders.of(value)))[0]).isEqualTo(client.certificate());
	}

	@Test
	void rfc9440RefusesSeveralClientCertLines() {
		ForwardedHeaders headers = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.rfc9440(other),
				ForwardedCertificateHeaders.rfc9440(client)), List.of());
		assertMalformed(HeaderFormat.RFC9440.decode(headers));
	}

	@Test
	void rfc9440RefusesAChainWithoutClientCert() {
		ForwardedHeaders headers = new ForwardedHeaders(List.of(), List.of(ForwardedCertificateHeaders.rfc9440Chain(client)));
		assertMalformed(HeaderFormat.RFC9440.decode(headers));
	}

	@Test
	void xfccUsesOnlyTheElementTheNearestProxyAppended() {
		String forgedByClient = ForwardedCertificateHeaders.xfcc(other);
		String value = forgedByClient + "," + ForwardedCertificateHeaders.xfcc(client);
		assertThat(present(HeaderFormat.XFCC.decode(ForwardedHeaders.of(value)))).containsExactly(client.certificate(),
				intermediate.certificate());
	}

	@Test
	void xfccHeaderLinesCombineAndTheLastElementCounts() {
		ForwardedHeaders headers = new ForwardedHeaders(
				List.of(ForwardedCertificateHeaders.xfcc(other), ForwardedCertificateHeaders.xfcc(client)), List.of());
		assertThat(present(HeaderFormat.XFCC.decode(headers))[0]).isEqualTo(client.certificate());
	}

	@Test
	void xfccLastElementWithoutCertificateMeansNoCertificateEvenIfAnEarlierOneHasOne() {
		String value = ForwardedCertificateHeaders.xfcc(client) + ",By=spiffe://acme.test/edge;URI=spiffe://acme.test/x";
		assertThat(HeaderFormat.XFCC.decode(ForwardedHeaders.of(value))).isSameAs(ForwardedChain.ABSENT);
	}

	@Test
	void xfccRefusesAHashThatIsNotTheCertificates() {
		String value = ForwardedCertificateHeaders.xfcc(client).replace(client.sha256(), other.sha256());
		assertMalformed(HeaderFormat.XFCC.decode(ForwardedHeaders.of(value)));
	}

	@Test
	void xfccRefusesARepeatedCert() {
		String value = ForwardedCertificateHeaders.xfcc(client) + ";Cert=\""
				+ ForwardedCertificateHeaders.nginx(other) + "\"";
		assertMalformed(HeaderFormat.XFCC.decode(ForwardedHeaders.of(value)));
	}

	@Test
	void xfccReadsQuotedValuesWithEscapes() {
		String value = "By=spiffe://acme.test/edge;Subject=\"CN=a\\\"b,O=c;d\";Cert=\""
				+ ForwardedCertificateHeaders.nginx(client) + "\"";
		assertThat(present(HeaderFormat.XFCC.decode(ForwardedHeaders.of(value)))[0]).isEqualTo(client.certificate());
	}

	@Test
	void nginxAlsoReadsTheDeprecatedTabIndentedPem() {
		String legacy = client.certificatePem().strip().replace("\n", "\n\t");
		assertThat(present(HeaderFormat.NGINX.decode(ForwardedHeaders.of(legacy)))[0]).isEqualTo(client.certificate());
	}

	@Test
	void awsAlbKeepsAPlusAsAPlus() {
		String value = ForwardedCertificateHeaders.awsAlb(client);
		assertThat(value).contains("+");
		assertThat(present(HeaderFormat.AWS_ALB.decode(ForwardedHeaders.of(value)))).containsExactly(
				client.certificate(), intermediate.certificate());
	}

	@Test
	void aPlusDecodedAsASpaceWouldBreakTheCertificate() {
		String value = ForwardedCertificateHeaders.awsAlb(client).replace("+", "%20");
		assertMalformed(HeaderFormat.AWS_ALB.decode(ForwardedHeaders.of(value)));
	}

	@Test
	void haproxyReadsAQuotedValueAndTheConcatenatedChain() {
		ForwardedHeaders headers = new ForwardedHeaders(List.of("\"" + ForwardedCertificateHeaders.haproxy(client) + "\""),
				List.of(ForwardedCertificateHeaders.haproxyChain(client)));
		assertThat(present(HeaderFormat.HAPROXY.decode(headers))).containsExactly(client.certificate(),
				intermediate.certificate());
	}

	@Test
	void traefikReadsTheCommaSeparatedChain() {
		assertThat(present(HeaderFormat.TRAEFIK.decode(ForwardedHeaders.of(ForwardedCertificateHeaders.traefik(client)))))
			.containsExactly(client.certificate(), intermediate.certificate());
	}

	@ParameterizedTest(name = "{0}: an empty header means no certificate")
	@EnumSource(HeaderFormat.class)
	void anEmptyHeaderMeansNoCertificate(HeaderFormat format) {
		assertThat(format.decode(ForwardedHeaders.of(" "))).isSameAs(ForwardedChain.ABSENT);
		assertThat(format.decode(new ForwardedHeaders(List.of(), List.of()))).isSameAs(ForwardedChain.ABSENT);
	}

	@ParameterizedTest(name = "{0} refuses garbage")
	@EnumSource(HeaderFormat.class)
	void garbageIsMalformed(HeaderFormat format) {
		for (String garbage : List.of("x", ":", "%", "%zz", "::", "-----BEGIN CERTIFICATE-----", "\"", "Cert=\"%",
				":AAAA:", "MIIB", "Cert=\"-----BEGIN CERTIFICATE-----AAAA-----END CERTIFICATE-----\"")) {
			assertMalformed(format.decode(ForwardedHeaders.of(garbage)));
		}
	}

	@Test
	void derWithTrailingBytesIsMalformed() {
		byte[] der = java.util.Base64.getDecoder().decode(ForwardedCertificateHeaders.haproxy(client));
		byte[] longer = Arrays.copyOf(der, der.length + 2);
		String value = java.util.Base64.getEncoder().encodeToString(longer);
		assertMalformed(HeaderFormat.HAPROXY.decode(ForwardedHeaders.of(value)));
		assertMalformed(HeaderFormat.RFC9440.decode(ForwardedHeaders.of(":" + value + ":")));
	}

	@ParameterizedTest(name = "{0}: a chain header without a certificate header is malformed")
	@EnumSource(value = HeaderFormat.class, names = { "RFC9440", "NGINX", "HAPROXY" })
	void chainWithoutCertificateIsMalformed(HeaderFormat format) {
		ForwardedHeaders headers = new ForwardedHeaders(List.of(""), List.of(ForwardedCertificateHeaders.haproxyChain(client)));
		assertMalformed(format.decode(headers));
	}

	@Test
	void truncatedDerIsMalformed() {
		String value = ForwardedCertificateHeaders.haproxy(client);
		assertMalformed(HeaderFormat.HAPROXY.decode(ForwardedHeaders.of(value.substring(0, value.length() - 40))));
	}

	static X509Certificate[] present(ForwardedChain chain) {
		assertThat(chain).isInstanceOf(ForwardedChain.Present.class);
		return ((ForwardedChain.Present) chain).chain();
	}

	static void assertMalformed(ForwardedChain chain) {
		assertThat(chain).isInstanceOfSatisfying(ForwardedChain.Refused.class, (refused) -> assertThat(
				refused.refusal().reason()).isEqualTo(RefusalReason.MALFORMED_CERTIFICATE_HEADER));
	}

}
