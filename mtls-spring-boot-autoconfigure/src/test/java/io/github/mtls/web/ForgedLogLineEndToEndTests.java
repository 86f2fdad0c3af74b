package io.github.mtls.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mtls.TestApplication;
import io.github.mtls.audit.MtlsAuthenticationFailureEvent;
import io.github.mtls.test.MtlsTest;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestIdentities;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a certificate subject with a line feed forged a WARN line in the refusal log. Direct
 * mode, a real handshake: the certificate chains to the trusted root, so the refusal is the
 * application's ({@code identity_not_pinned}, logged at INFO with the subject).
 */
@SpringBootTest(classes = { TestApplication.class, ForgedLogLineEndToEndTests.Events.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mtls.identities.orders.subject-dn=CN=orders,O=Acme",
				"mtls.identities.partner.subject-dn=CN=partner,O=Acme", "mtls.identities.partner.san-dns=partner.acme.test" })
@MtlsTest
@ExtendWith(OutputCaptureExtension.class)
class ForgedLogLineEndToEndTests {

	static final TestPki pki = TestPki.shared();

	/** A line feed, a carriage return, a Unicode line separator and a right-to-left override. */
	static final TestCertificate forger = pki.client("CN=x\nWARN forged line\r\u2028WARN forged separator\u202e,O=Acme");

	/** Reaches the partner identity by its DNS name, so the refusal's detail quotes the forged subject. */
	static final TestCertificate nearForger = pki.client("CN=y\nWARN forged detail,O=Acme",
			(c) -> c.sanDns("partner.acme.test"));

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		final List<String> principals = new CopyOnWriteArrayList<>();

		final List<String> details = new CopyOnWriteArrayList<>();

		@EventListener
		void onFailure(MtlsAuthenticationFailureEvent event) {
			this.principals.add(event.getAuthentication().getName());
			this.details.add(event.getException().decision().refusal().detail());
		}

	}

	@Autowired
	TestIdentities server;

	@Autowired
	Events events;

	@Test
	void subjectWithControlCharactersIsEscapedInTheRefusalLogAndTheAuditEvent(CapturedOutput output) {
		HttpResponse<String> response = pki.clients().get(forger, this.server.baseUrl() + "/whoami");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"");
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("WARN forged"))
			.noneMatch((line) -> line.contains("\u2028") || line.contains("\u202e"));
		assertThat(output.getOut()).contains("CN=x\\nWARN forged line\\r\\u2028WARN forged separator\\u202e");
		assertThat(this.events.principals).last()
			.asString()
			.isEqualTo("CN=x\\nWARN forged line\\r\\u2028WARN forged separator\\u202e,O=Acme");
	}

	@Test
	void forgedSubjectQuotedInTheRefusalDetailIsEscapedInTheLogAndTheEventsDecision(CapturedOutput output) {
		HttpResponse<String> response = pki.clients().get(nearForger, this.server.baseUrl() + "/whoami");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"reason\":\"identity_not_pinned\"").doesNotContain("partner");
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("WARN forged"))
			.anyMatch((line) -> line.contains("identity 'partner' matches san-dns but not subject-dn")
					&& line.contains("subject \"CN=y\\nWARN forged detail,O=Acme\""));
		assertThat(this.events.details).last().asString().contains("but not subject-dn").doesNotContain("\n");
	}

}
