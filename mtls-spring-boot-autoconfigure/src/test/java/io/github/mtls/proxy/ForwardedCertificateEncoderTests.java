package io.github.mtls.proxy;

import java.util.List;
import java.util.Map;

import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ForwardedCertificateEncoderTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate intermediate = TestCertificate.authority("CN=Issuing CA,O=Acme")
		.signedBy(pki.root())
		.build();

	static final TestCertificate orders = TestCertificate.client("CN=orders,O=Acme").signedBy(intermediate).build();

	@ParameterizedTest(name = "{0} decodes to the chain it encoded")
	@EnumSource(names = { "RFC9440", "XFCC" })
	void whatTheGatewayForwardsDecodesToTheSameChain(HeaderFormat format) {
		Map<String, String> headers = new ForwardedCertificateEncoder(format)
			.headers(List.of(orders.certificate(), intermediate.certificate()));
		String chain = (format.chainHeader() != null) ? headers.get(format.chainHeader()) : null;
		ForwardedChain decoded = format.decode(new ForwardedHeaders(List.of(headers.get(format.certificateHeader())),
				(chain != null) ? List.of(chain) : List.of()));
		assertThat(decoded).isInstanceOfSatisfying(ForwardedChain.Present.class, (present) -> assertThat(
				present.chain()).containsExactly(orders.certificate(), intermediate.certificate()));
	}

	@Test
	void rfc9440IsWhatTheTestSupportBuilds() {
		Map<String, String> headers = new ForwardedCertificateEncoder(HeaderFormat.RFC9440)
			.headers(List.of(orders.certificate()));
		assertThat(headers).containsExactly(Map.entry("Client-Cert", ForwardedCertificateHeaders.rfc9440(orders)));
	}

	@ParameterizedTest(name = "{0} is not a format the gateway writes")
	@EnumSource(names = { "NGINX", "HAPROXY", "TRAEFIK", "AWS_ALB" })
	void otherFormatsAreRefused(HeaderFormat format) {
		assertThat(ForwardedCertificateEncoder.encodes(format)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new ForwardedCertificateEncoder(format));
	}

}
