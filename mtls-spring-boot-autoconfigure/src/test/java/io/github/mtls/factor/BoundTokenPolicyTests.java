package io.github.mtls.factor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.ClientSecrets;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The binding and identity rules for a token's claims, without a server. */
class BoundTokenPolicyTests {

	static final TestCertificate orders = TestPki.shared().client("CN=policy-orders");

	static final TestCertificate other = TestPki.shared().client("CN=policy-other");

	static final ClientIdentity ordersIdentity = new ClientIdentity("orders", Map.of(), List.of(),
			Set.of("orders", "orders-batch", "orders-client"), ClientSecrets.NONE);

	final BoundTokenPolicy policy = new BoundTokenPolicy(true, "sub");

	@Test
	void thumbprintIsTheBase64UrlSha256OfTheCertificate() throws Exception {
		String thumbprint = BoundTokenPolicy.thumbprint(facts(orders));
		assertThat(thumbprint).hasSize(43).doesNotContain("=", "+", "/");
		assertThat(java.util.HexFormat.of().formatHex(java.util.Base64.getUrlDecoder().decode(thumbprint)))
			.isEqualTo(orders.sha256());
	}

	@Test
	void tokenBoundToThisCertificateForAnAcceptedSubjectPasses() throws Exception {
		assertThat(this.policy.check(claims("orders-batch", orders), ordersIdentity, facts(orders))).isNull();
	}

	@Test
	void tokenWithoutConfirmationIsNotBound() throws Exception {
		assertThat(reason(this.policy.check(claims("orders", null), ordersIdentity, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_NOT_BOUND);
	}

	@Test
	void confirmationWithoutThumbprintIsNotBound() throws Exception {
		Map<String, Object> claims = claims("orders", null);
		claims.put("cnf", Map.of("jkt", "abc"));
		assertThat(reason(this.policy.check(claims, ordersIdentity, facts(orders)))).isEqualTo(RefusalReason.TOKEN_NOT_BOUND);
	}

	@Test
	void unboundTokenPassesWhenBindingIsNotRequired() throws Exception {
		BoundTokenPolicy lenient = new BoundTokenPolicy(false, "sub");
		assertThat(lenient.check(claims("orders", null), ordersIdentity, facts(orders))).isNull();
	}

	@Test
	void bindingIsCheckedEvenWhenNotRequired() throws Exception {
		BoundTokenPolicy lenient = new BoundTokenPolicy(false, "sub");
		assertThat(reason(lenient.check(claims("orders", other), ordersIdentity, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_CERTIFICATE_MISMATCH);
	}

	@Test
	void tokenBoundToAnotherCertificateIsRefusedBeforeItsSubjectIsLookedAt() throws Exception {
		assertThat(reason(this.policy.check(claims("billing", other), ordersIdentity, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_CERTIFICATE_MISMATCH);
	}

	@Test
	void subjectOfAnotherIdentityIsRefused() throws Exception {
		assertThat(reason(this.policy.check(claims("billing", orders), ordersIdentity, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_IDENTITY_MISMATCH);
	}

	@Test
	void missingOrNonTextSubjectIsRefused() throws Exception {
		Map<String, Object> claims = claims("orders", orders);
		claims.put("sub", List.of("orders"));
		assertThat(reason(this.policy.check(claims, ordersIdentity, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_IDENTITY_MISMATCH);
		claims.remove("sub");
		assertThat(reason(this.policy.check(claims, ordersIdentity, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_IDENTITY_MISMATCH);
	}

	@Test
	void configuredSubjectClaimIsTheOneCompared() throws Exception {
		BoundTokenPolicy byClientId = new BoundTokenPolicy(true, "client_id");
		Map<String, Object> claims = claims("someone-else", orders);
		claims.put("client_id", "orders-client");
		assertThat(byClientId.check(claims, ordersIdentity, facts(orders))).isNull();
	}

	@Test
	void identityWithoutTokenSubjectsAcceptsNoToken() throws Exception {
		ClientIdentity billing = new ClientIdentity("billing", Map.of(), List.of());
		assertThat(reason(this.policy.check(claims("billing", orders), billing, facts(orders))))
			.isEqualTo(RefusalReason.TOKEN_IDENTITY_MISMATCH);
	}

	private static Map<String, Object> claims(String subject, @Nullable TestCertificate boundTo) throws Exception {
		Map<String, Object> claims = new HashMap<>();
		claims.put("sub", subject);
		if (boundTo != null) {
			claims.put("cnf", Map.of("x5t#S256", BoundTokenPolicy.thumbprint(facts(boundTo))));
		}
		return claims;
	}

	private static CertificateFacts facts(TestCertificate certificate) throws Exception {
		return CertificateFacts.of(certificate.certificate());
	}

	private static @Nullable RefusalReason reason(@Nullable Refusal refusal) {
		return (refusal != null) ? refusal.reason() : null;
	}

}
