package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.audit.RequestIdentity;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's HTTP firewall rejects as the
 * {@code request_rejected} problem (400), through the {@link RequestRefusals} like every other
 * refusal (logged, counted, an authentication failure event). Without it the firewall's
 * {@code sendError(400)} is dispatched to {@code /error}, which is unauthenticated, so a client with
 * a valid certificate was told {@code 401 no_client_certificate}.
 *
 * <p>The firewall runs before any filter, so the refusal carries no certificate: the request is
 * judged before its certificate is looked at, and counted as {@code unpinned}. The detail names
 * the firewall only: its message quotes the rejected path or header value, which the client chose.
 */
public final class MtlsRequestRejectedHandler implements RequestRejectedHandler {

	private final RequestRefusals refusals;

	public MtlsRequestRejectedHandler(RequestRefusals refusals) {
		this.refusals = refusals;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		try {
			this.refusals.answer(request, response,
					new Refusal(RefusalReason.REQUEST_REJECTED, "rejected by the HTTP firewall"), null, null);
		}
		finally {
			RequestIdentity.clear();
		}
	}

}
