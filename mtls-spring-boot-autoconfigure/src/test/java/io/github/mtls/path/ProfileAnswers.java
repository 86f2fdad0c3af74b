package io.github.mtls.path;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client and the operator see when a chain that breaks a {@link ProfileRule} reaches the
 * application, in either mode: the client a 403 problem with {@code certificate_path_invalid} and
 * no internals, the log the certificate, the rule and its RFC section; under {@code compatible} a
 * relaxable breach is served as the pinned identity.
 */
final class ProfileAnswers {

	private ProfileAnswers() {
	}

	static void assertAnswered(ProfileMode mode, ProfileRule rule, String subject, int status, String body,
			CapturedOutput log) {
		if (!mode.enforces(rule)) {
			assertThat(status).as(body).isEqualTo(200);
			assertThat(body).contains("\"identity\":\"orders\"");
			return;
		}
		assertThat(status).as(body).isEqualTo(403);
		assertThat(body).contains("\"reason\":\"certificate_path_invalid\"")
			.doesNotContain("RFC 5280", "Exception", "at io.");
		assertThat(log.getOut()).contains("mTLS refused certificate_path_invalid: " + quoted(subject) + " breaks RFC 5280 "
				+ rule.section() + " (" + rule.description() + ")");
	}

	/** Issue 16: the leaf's SAN the JDK cannot read is refused, never read as absent, before the profile. */
	static void assertUnreadableLeafSan(int status, String body, CapturedOutput log) {
		assertThat(status).as(body).isEqualTo(403);
		assertThat(body).contains("\"reason\":\"certificate_policy\"");
		assertThat(log.getOut()).contains("mTLS refused certificate_policy: unreadable certificate extension 2.5.29.17");
	}

	private static String quoted(String subject) {
		return subject.startsWith("\"") ? subject : "\"" + subject + "\"";
	}

}
