package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.RefusalReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's HTTP firewall rejects as the
 * {@code request_rejected} problem (400), like every other refusal. Without it the firewall's
 * {@code sendError(400)} is dispatched to {@code /error}, which is unauthenticated, so a client with
 * a valid certificate was told {@code 401 no_client_certificate}.
 *
 * <p>The log line names the reason only: the firewall's message quotes the rejected path or header
 * value, which the client chose.
 */
public final class MtlsRequestRejectedHandler implements RequestRejectedHandler {

	private static final Logger logger = LoggerFactory.getLogger(MtlsRequestRejectedHandler.class);

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		logger.info("Request refused: {} (HTTP firewall)", RefusalReason.REQUEST_REJECTED.code());
		ProblemResponses.write(response, RefusalReason.REQUEST_REJECTED);
	}

}
