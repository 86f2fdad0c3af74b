package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs authentication but has none with the problem of the pipeline's
 * refusal (or {@code no_client_certificate} when no certificate reached the pipeline), through the
 * {@link RequestRefusals}, which published the pipeline's refusal already.
 */
public final class MtlsAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final RequestRefusals refusals;

	public MtlsAuthenticationEntryPoint(RequestRefusals refusals) {
		this.refusals = refusals;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.refusals.answer(request, response,
				new Refusal(RefusalReason.NO_CLIENT_CERTIFICATE, "no certificate decision for this request"), null,
				null);
	}

}
