package io.github.mtls.path;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.mtls.path.JdkPkitsBaseline.Score;
import io.github.mtls.test.pkits.Pkits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JDK's own PKIX builder makes of NIST PKITS, measured in every run so that the
 * comparison with the starter stays honest as the JDK changes.
 */
class JdkPkitsBaselineTests {

	private final JdkPkitsBaseline jdk = new JdkPkitsBaseline(Clock.systemUTC());

	@Test
	void jdkPassesAllButTheBlocksItIsKnownToGetWrong() {
		Score score = this.jdk.score(Pkits.tests());
		System.out.println("PKITS JDK PKIX: " + score + "; " + score.total() + " validations in "
				+ score.elapsed().toMillis() + " ms; by section " + score.sections());
		assertThat(score.total()).isEqualTo(249);
		assertThat(score.failing()).containsExactly("4.10.13#3", "4.15.4", "4.15.5");
		assertThat(score.passed()).isEqualTo(246);
	}

	@Test
	void jdkAcceptsACertificateRevokedByADeltaCrl() {
		assertThat(Pkits.test("4.15.4").expectedValid()).isFalse();
		assertThat(this.jdk.validate(Pkits.test("4.15.4")).valid()).isTrue();
	}

	@Test
	void jdkChecksTheSuppliedCrlsWithoutTheNetwork() {
		JdkPkitsBaseline.Verdict revoked = this.jdk.validate(Pkits.test("4.4.3"));
		assertThat(revoked.valid()).isFalse();
		assertThat(revoked.message()).contains("Certificate has been revoked, reason: KEY_COMPROMISE");
		JdkPkitsBaseline.Verdict missingCrl = this.jdk.validate(Pkits.test("4.4.1"));
		assertThat(missingCrl.valid()).isFalse();
	}

	@Test
	void jdkValidatesThePathToACaTarget() {
		for (String id : List.of("4.6.8", "4.6.14", "4.8.6", "4.8.6#2", "4.14.13")) {
			assertThat(Pkits.test(id).targetIsCa()).isTrue();
			assertThat(this.jdk.validate(Pkits.test(id))).as(id).isEqualTo(JdkPkitsBaseline.Verdict.VALID);
		}
	}

}
