package io.github.mtls.web;

import java.net.http.HttpResponse;

import io.github.mtls.TestApplication;
import io.github.mtls.test.Identity;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestIdentities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Spring Security's HTTP firewall rejects are answered as {@code request_rejected}
 * (400), even from a pinned identity over a real mTLS handshake: the reason is the request, not a
 * missing certificate, and nothing of the identity is served.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@MtlsTest(identities = @Identity(name = "orders", authorities = "ORDERS_READ"))
class HttpFirewallEndToEndTests {

	@Autowired
	TestIdentities identities;

	@Test
	void pinnedIdentityIsServedOnAPlainPath() {
		HttpResponse<String> response = this.identities.get("orders", "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"identity\":\"orders\"");
	}

	@ParameterizedTest(name = "{0} is request_rejected, not no_client_certificate")
	@ValueSource(strings = { "/whoami;x", "//whoami", "/orders/../whoami", "/whoami%3Bx" })
	void pathTheFirewallRejectsIsABadRequestWithItsOwnReason(String path) {
		HttpResponse<String> response = this.identities.get("orders", path);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemResponses.MEDIA_TYPE);
		assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
				+ "\"detail\":\"The request was rejected.\",\"reason\":\"request_rejected\"}");
	}

}
