package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a certificate-authenticated request that lacks the required second factor:
 * {@code second_factor_missing} (401) with the factor's {@code WWW-Authenticate} challenge, through
 * the {@link RequestRefusals}. Registered with Spring Security's missing-authority handling for the
 * factor authority.
 */
public final class SecondFactorEntryPoint implements AuthenticationEntryPoint {

	private final RequestRefusals refusals;

	private final String factorAuthority;

	private final @Nullable String challenge;

	public SecondFactorEntryPoint(RequestRefusals refusals, String factorAuthority, @Nullable String challenge) {
		this.refusals = refusals;
		this.factorAuthority = factorAuthority;
		this.challenge = challenge;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.refusals.answer(request, response,
				new Refusal(RefusalReason.SECOND_FACTOR_MISSING, this.factorAuthority + " required, none presented"),
				null, this.challenge);
	}

}
