package io.github.mtls.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.factor.SecondFactorKind;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A second factor on top of the client certificate, bound to the same identity
 * ({@code mtls.second-factor.*}). Per-identity values live under {@code mtls.identities.<name>}:
 * {@code token-subject}, {@code secret-sha256} and {@code secret}.
 */
@ConfigurationProperties("mtls.second-factor")
public class SecondFactorProperties {

	/**
	 * Second factor required on top of the client certificate: none, bearer (an access token
	 * bound to the certificate, validated by spring.security.oauth2.resourceserver.*) or secret
	 * (the identity's client secret).
	 */
	private SecondFactorKind required = SecondFactorKind.NONE;

	/**
	 * Path patterns (such as /api/**) of the requests that need the second factor; the others
	 * need the certificate alone. Empty: every request.
	 */
	private List<String> paths = new ArrayList<>();

	/**
	 * Whether an access token must carry the RFC 8705 binding (cnf.x5t#S256) to the request's
	 * client certificate. A token that carries one is always checked.
	 */
	private boolean requireCertificateBinding = true;

	/**
	 * Claim of the access token compared with the identity's token-subject values: sub,
	 * client_id or azp.
	 */
	private String tokenSubjectClaim = "sub";

	/**
	 * Header carrying the client secret as an API key. Unset: HTTP Basic with the identity's name
	 * as the user name.
	 */
	private @Nullable String secretHeader;

	/**
	 * How long a successful verification of a slow ({bcrypt}, {argon2}) secret hash is remembered
	 * for the same identity, certificate and secret, so keep-alive requests do not pay the hash
	 * each time. 0 disables remembering.
	 */
	private Duration rememberedVerificationTtl = Duration.ofMinutes(5);

	public SecondFactorKind getRequired() {
		return this.required;
	}

	public void setRequired(SecondFactorKind required) {
		this.required = required;
	}

	public List<String> getPaths() {
		return this.paths;
	}

	public void setPaths(List<String> paths) {
		this.paths = paths;
	}

	public boolean isRequireCertificateBinding() {
		return this.requireCertificateBinding;
	}

	public void setRequireCertificateBinding(boolean requireCertificateBinding) {
		this.requireCertificateBinding = requireCertificateBinding;
	}

	public String getTokenSubjectClaim() {
		return this.tokenSubjectClaim;
	}

	public void setTokenSubjectClaim(String tokenSubjectClaim) {
		this.tokenSubjectClaim = tokenSubjectClaim;
	}

	public @Nullable String getSecretHeader() {
		return this.secretHeader;
	}

	public void setSecretHeader(@Nullable String secretHeader) {
		this.secretHeader = secretHeader;
	}

	public Duration getRememberedVerificationTtl() {
		return this.rememberedVerificationTtl;
	}

	public void setRememberedVerificationTtl(Duration rememberedVerificationTtl) {
		this.rememberedVerificationTtl = rememberedVerificationTtl;
	}

}
