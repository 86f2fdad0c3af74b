package io.github.mtls.sample.docs;

import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.Identity;
import io.github.mtls.test.LoopbackClient;
import io.github.mtls.test.MtlsClient;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's proxy-mode example: a forwarded certificate from the trusted address and from another. */
// tag::class[]
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.enabled=false", "mtls.proxy.enabled=true", "mtls.proxy.header-format=nginx",
				"mtls.proxy.trusted-proxies=127.0.0.2" })
@MtlsTest(identities = @Identity(name = "orders"))
class ProxyModeTests {

	@LocalServerPort
	int port;

	@Test
	void certificateForwardedByTheTrustedProxyIsTheIdentity(@MtlsClient("orders") TestCertificate orders) {
		LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
			.get(this.port, "/whoami", "X-SSL-Client-Cert", ForwardedCertificateHeaders.nginx(orders));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@Test
	void certificateHeaderFromAnyOtherAddressIsRefused(@MtlsClient("orders") TestCertificate orders) {
		// tag::forged[]
		LoopbackClient.Response forged = LoopbackClient.from("127.0.0.1")
			.get(port, "/whoami", "X-SSL-Client-Cert", ForwardedCertificateHeaders.nginx(orders));
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.body()).contains("\"reason\":\"untrusted_proxy_header\"");
		// end::forged[]
	}

}
// end::class[]
