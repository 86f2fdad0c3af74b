package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers Spring Security's access refusals with their real cause, through the
 * {@link RequestRefusals}: {@code csrf_rejected} for the CSRF protection, {@code access_denied} for
 * authorization (an identity without the authority the resource requires). A request the pipeline
 * refused keeps its own reason: a CSRF check that runs after it does not hide why it was refused.
 */
public final class MtlsAccessDeniedHandler implements AccessDeniedHandler {

	private final RequestRefusals refusals;

	public MtlsAccessDeniedHandler(RequestRefusals refusals) {
		this.refusals = refusals;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		this.refusals.answer(request, response, refusal(request, denied), null, null);
	}

	private static Refusal refusal(HttpServletRequest request, AccessDeniedException denied) {
		if (denied instanceof CsrfException) {
			return new Refusal(RefusalReason.CSRF_REJECTED, request.getMethod() + " without a valid CSRF token");
		}
		if (denied instanceof AuthorizationDeniedException authorization) {
			return new Refusal(RefusalReason.ACCESS_DENIED, "not authorized: " + authorization.getAuthorizationResult());
		}
		return new Refusal(RefusalReason.ACCESS_DENIED, "access denied: " + denied.getMessage());
	}

}
