package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.Decision;
import io.github.mtls.core.RefusalReason;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs authentication but has none with the problem of the pipeline's
 * refusal (or {@code no_client_certificate} when no certificate reached the pipeline).
 */
public final class MtlsAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		Object refused = request.getAttribute(MtlsAuthenticationFilter.REFUSAL_ATTRIBUTE);
		RefusalReason reason = (refused instanceof Decision.Refused decision) ? decision.reason()
				: RefusalReason.NO_CLIENT_CERTIFICATE;
		ProblemResponses.write(response, reason);
	}

}
