package io.github.mtls.path;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mtls.TestApplication;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct mode over real TLS: the server trusts a partner root whose certificate permits only names
 * under {@code O=Acme}. The JSSE ignores the name constraints of a trust anchor's certificate and
 * completes the handshake; the starter validates the path again and refuses the request.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnchorNameConstraintsEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate acmeRoot = TestCertificate.authority("CN=Acme Partner Root,O=Acme")
		.permittedSubtree("O=Acme")
		.build();

	static final TestCertificate inside = TestCertificate.client("CN=partner,O=Acme").signedBy(acmeRoot).build();

	static final TestCertificate outside = TestCertificate.client("CN=partner,O=Evil").signedBy(acmeRoot).build();

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties(acmeRoot).forEach((key, value) -> registry.add(key, () -> value));
		// Both pinned by subject: only path validation can refuse the one outside the constraint.
		registry.add("mtls.identities.acme-partner.subject-dn", inside::subjectDn);
		registry.add("mtls.identities.evil-partner.subject-dn", outside::subjectDn);
	}

	@LocalServerPort
	int port;

	@Test
	void clientInsideTheAnchorsNameConstraintIsAuthenticated() {
		HttpResponse<String> response = whoami(inside);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(response.body()).read("$.identity", String.class)).isEqualTo("acme-partner");
	}

	@Test
	void clientOutsideTheAnchorsNameConstraintPassesTheHandshakeAndIsRefusedByPathValidation() {
		HttpResponse<String> response = whoami(outside);
		// A response at all means that the JSSE accepted the handshake.
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		DocumentContext problem = JsonPath.parse(response.body());
		assertThat(problem.read("$.reason", String.class)).isEqualTo("certificate_path_invalid");
		assertThat(problem.read("$.status", Integer.class)).isEqualTo(403);
		assertThat(response.body()).doesNotContain("Evil", "Exception", "at io.");
	}

	private HttpResponse<String> whoami(TestCertificate client) {
		return pki.clients().get(client, "https://localhost:" + this.port + "/whoami");
	}

}
