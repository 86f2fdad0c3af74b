package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a certificate-authenticated request that lacks the required second factor:
 * {@code second_factor_missing} (401) with the factor's {@code WWW-Authenticate} challenge.
 * Registered with Spring Security's missing-authority handling for the factor authority.
 */
public final class SecondFactorEntryPoint implements AuthenticationEntryPoint {

	private final @Nullable String challenge;

	public SecondFactorEntryPoint(@Nullable String challenge) {
		this.challenge = challenge;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ProblemResponses.write(response, RefusalReason.SECOND_FACTOR_MISSING, this.challenge);
	}

}
