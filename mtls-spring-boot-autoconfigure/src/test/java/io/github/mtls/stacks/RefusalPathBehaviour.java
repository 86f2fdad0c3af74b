package io.github.mtls.stacks;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import io.github.mtls.web.MtlsConfigurer;
import io.github.mtls.web.ProblemResponses;
import io.github.mtls.web.reactive.MtlsServerSecurity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: every refusal goes through one path, once per request. An application chain of its own
 * with CSRF left on, real TLS, on every web stack: each refusal (the pipeline's, CSRF's,
 * authorization's, the HTTP firewall's) is answered with its real cause and no session cookie,
 * counted once in {@code mtls.authentications} under the certificate's identity, logged in one line
 * with the certificate's fingerprint, and published as one audit event.
 */
@MtlsTest
@ExtendWith(OutputCaptureExtension.class)
abstract class RefusalPathBehaviour {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate writer = pki.client("CN=refusal-writer,O=Acme");

	static final TestCertificate stranger = pki.client("CN=refusal-stranger,O=Acme");

	@DynamicPropertySource
	static void identities(DynamicPropertyRegistry registry) {
		registry.add("mtls.identities.writer.subject-dn", writer::subjectDn);
		registry.add("mtls.identities.writer.authorities", () -> "ORDERS_WRITE");
	}

	/** An application's own servlet chain: CSRF protection on (Spring Security's default). */
	@TestConfiguration(proxyBeanMethods = false)
	static class ServletChain {

		@Bean
		SecurityFilterChain api(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin/**")
				.hasAuthority("ADMIN")
				.anyRequest()
				.hasAuthority("ORDERS_WRITE")).with(MtlsConfigurer.mtls(), Customizer.withDefaults());
			return http.build();
		}

	}

	/** The same chain on WebFlux: CSRF protection on (Spring Security's default). */
	@TestConfiguration(proxyBeanMethods = false)
	static class ReactiveChain {

		@Bean
		SecurityWebFilterChain api(ServerHttpSecurity http, MtlsServerSecurity mtls) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/admin/**")
				.hasAuthority("ADMIN")
				.anyExchange()
				.hasAuthority("ORDERS_WRITE"));
			mtls.customize(http);
			return http.build();
		}

	}

	@Autowired
	TestIdentities server;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InMemoryAuditEventRepository auditEvents;

	@Test
	void postWithoutCsrfTokenFromAnIdentityWithTheAuthorityIsCsrfRejectedNeverAccessDenied(CapturedOutput output) {
		Instant before = Instant.now();
		double counted = count("writer", "csrf_rejected");
		HttpResponse<String> response = pki.clients().post(writer, this.server.baseUrl() + "/whoami", "{}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"csrf_rejected\"").doesNotContain("access_denied");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(count("writer", "csrf_rejected")).isEqualTo(counted + 1);
		assertThat(loggedOnce(output, "csrf_rejected", writer)).isTrue();
		assertThat(this.auditEvents.find("writer", before, "AUTHORIZATION_FAILURE")).hasSize(1);
		assertThat(this.auditEvents.find(null, before, "AUTHENTICATION_FAILURE")).isEmpty();
	}

	@Test
	void identityWithoutTheAuthorityIsAccessDeniedOnceWithItsCertificate(CapturedOutput output) {
		Instant before = Instant.now();
		double counted = count("writer", "access_denied");
		HttpResponse<String> response = pki.clients().get(writer, this.server.baseUrl() + "/admin/status");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"access_denied\"");
		assertThat(count("writer", "access_denied")).isEqualTo(counted + 1);
		assertThat(loggedOnce(output, "access_denied", writer)).isTrue();
		assertThat(this.auditEvents.find(null, before, "AUTHORIZATION_FAILURE")).singleElement()
			.satisfies((event) -> assertThat(event.getPrincipal()).isEqualTo("writer"));
		assertThat(this.auditEvents.find(null, before, "AUTHENTICATION_FAILURE")).isEmpty();
	}

	@Test
	void refusedCertificateIsPublishedOnceAndNeverAgainAsAnAnonymousAuthorizationDenial(CapturedOutput output) {
		Instant before = Instant.now();
		double counted = count("unpinned", "identity_not_pinned");
		HttpResponse<String> response = pki.clients().get(stranger, this.server.baseUrl() + "/whoami");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
		assertThat(count("unpinned", "identity_not_pinned")).isEqualTo(counted + 1);
		assertThat(loggedOnce(output, "identity_not_pinned", stranger)).isTrue();
		assertThat(this.auditEvents.find(null, before, "AUTHENTICATION_FAILURE")).singleElement()
			.satisfies((event) -> assertThat(event.getPrincipal()).isEqualTo(stranger.subjectDn()));
		assertThat(this.auditEvents.find(null, before, "AUTHORIZATION_FAILURE")).isEmpty();
	}

	@Test
	void refusedCertificateKeepsItsReasonWhenItsPostAlsoLacksACsrfToken(CapturedOutput output) {
		double csrf = count("unpinned", "csrf_rejected");
		HttpResponse<String> response = pki.clients().post(stranger, this.server.baseUrl() + "/whoami", "{}");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
		assertThat(count("unpinned", "csrf_rejected")).isEqualTo(csrf);
		assertThat(output.getOut()).doesNotContain("mTLS refused csrf_rejected");
	}

	@Test
	void firewallRejectionIsCountedLoggedAndPublishedOnce(CapturedOutput output) {
		Instant before = Instant.now();
		double counted = count("unpinned", "request_rejected");
		HttpResponse<String> response = pki.clients().get(writer, this.server.baseUrl() + "/whoami;x");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"reason\":\"request_rejected\"");
		assertThat(count("unpinned", "request_rejected")).isEqualTo(counted + 1);
		assertThat(output.getOut().split("mTLS refused request_rejected: rejected by the HTTP firewall", -1))
			.hasSize(2);
		assertThat(this.auditEvents.find(null, before, "AUTHENTICATION_FAILURE")).singleElement()
			.satisfies((event) -> assertThat(event.getData()).containsEntry("message", "request_rejected"));
	}

	@ParameterizedTest(name = "{0} is request_rejected, not no_client_certificate")
	@ValueSource(strings = { "/whoami;x", "//whoami", "/orders/../whoami", "/whoami%3Bx" })
	void pathTheFirewallRejectsIsABadRequestWithItsOwnReason(String path) {
		HttpResponse<String> response = pki.clients().get(writer, this.server.baseUrl() + path);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemResponses.MEDIA_TYPE);
		assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
				+ "\"detail\":\"The request was rejected.\",\"reason\":\"request_rejected\"}");
	}

	/** Exactly one refusal line for this reason, carrying the certificate's SHA-256 fingerprint. */
	private static boolean loggedOnce(CapturedOutput output, String reason, TestCertificate certificate) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("mTLS refused " + reason + ":"))
			.filter((line) -> line.contains("sha256 " + certificate.sha256()))
			.count() == 1;
	}

	private double count(String identity, String reason) {
		Counter counter = this.meters.find("mtls.authentications").tags("identity", identity, "reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@ServletStack(classes = { io.github.mtls.TestApplication.class, ServletChain.class, AuditEvents.class })
	static class OnServlet extends RefusalPathBehaviour {

	}

	@ReactiveStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, ReactiveChain.class,
			AuditEvents.class })
	static class OnWebFlux extends RefusalPathBehaviour {

	}

	@ReactiveTomcatStack(classes = { io.github.mtls.stacks.reactive.ReactiveTestApplication.class, ReactiveChain.class,
			AuditEvents.class })
	static class OnWebFluxOnTomcat extends RefusalPathBehaviour {

	}

}
