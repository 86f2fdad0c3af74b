package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import io.github.mtls.audit.MtlsAuthenticationFailureEvent;
import io.github.mtls.audit.RequestIdentity;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The one path of every refusal of a request, whoever decides it: the pipeline (through
 * {@link MtlsAuthenticationFilter}), the second factor, authorization, CSRF protection or the HTTP
 * firewall. Each request's refusal is published exactly once, with the certificate and identity of
 * the request's decision when it had one: the pipeline's log line and {@code DecisionListener}s
 * (the {@code mtls.authentications} counter, the Actuator's activity), the MDC, and one event, an
 * {@link MtlsAuthenticationFailureEvent} or, for the {@link RefusalReason.Stage#ACCESS access}
 * stage, an {@link AuthorizationDeniedEvent}. A later refusal of an already refused request (the
 * entry point answering the pipeline's refusal) answers it without publishing it again.
 */
public final class RequestRefusals {

	/** The request attribute holding the request's {@link Decision} from the pipeline. */
	static final String DECISION_ATTRIBUTE = RequestRefusals.class.getName() + ".DECISION";

	/** The request attribute holding the {@link Decision.Refused refusal} published for the request. */
	public static final String REFUSAL_ATTRIBUTE = RequestRefusals.class.getName() + ".REFUSAL";

	private final AuthenticationPipeline pipeline;

	private final @Nullable ApplicationEventPublisher events;

	public RequestRefusals(AuthenticationPipeline pipeline, @Nullable ApplicationEventPublisher events) {
		this.pipeline = pipeline;
		this.events = events;
	}

	/**
	 * Records the pipeline's decision for the request: a refusal, which the pipeline has already
	 * logged and observed, gets its event and is remembered as the request's refusal.
	 */
	void decided(HttpServletRequest request, Decision decision) {
		request.setAttribute(DECISION_ATTRIBUTE, decision);
		RequestIdentity.put(decision);
		if (decision instanceof Decision.Refused refused) {
			request.setAttribute(REFUSAL_ATTRIBUTE, refused);
			publishEvent(request, refused, null);
		}
	}

	/**
	 * Refuses the request for {@code refusal}, decided after or outside the pipeline, and publishes
	 * it unless the request was already refused.
	 * @param authentication the request's authentication when the caller knows it (the event's
	 * principal); otherwise the security context's
	 * @return the request's refusal: this one, or the one published before
	 */
	public Decision.Refused refuse(HttpServletRequest request, Refusal refusal, @Nullable Authentication authentication) {
		if (request.getAttribute(REFUSAL_ATTRIBUTE) instanceof Decision.Refused published) {
			return published;
		}
		Decision decision = (request.getAttribute(DECISION_ATTRIBUTE) instanceof Decision known) ? known : null;
		Decision.Refused refused = (decision != null)
				? new Decision.Refused(refusal, decision.certificate(), decision.identity(), decision.origin())
				: new Decision.Refused(refusal, null, null, CertificateOrigin.DIRECT);
		request.setAttribute(REFUSAL_ATTRIBUTE, refused);
		RequestIdentity.put(refused);
		this.pipeline.refuse(refused);
		publishEvent(request, refused, authentication);
		return refused;
	}

	/**
	 * Refuses the request as {@link #refuse} does and answers it with the refusal's problem. A session
	 * the request created on the way (a CSRF token repository saving a token) is dropped with its
	 * cookie: a refusal leaves nothing behind.
	 * @param challenge the {@code WWW-Authenticate} challenge, or {@code null}
	 */
	public void answer(HttpServletRequest request, HttpServletResponse response, Refusal refusal,
			@Nullable Authentication authentication, @Nullable String challenge) throws IOException {
		RefusalReason reason = refuse(request, refusal, authentication).reason();
		HttpSession session = request.getSession(false);
		if (session != null && session.isNew() && !response.isCommitted()) {
			session.invalidate();
			response.reset();
		}
		write(response, reason, challenge);
	}

	/**
	 * Writes the problem for {@code reason} with a {@code WWW-Authenticate} challenge (RFC 9110
	 * section 11.6.1: a 401 names the scheme the client should use), unless the response is
	 * already committed.
	 */
	static void write(HttpServletResponse response, RefusalReason reason, @Nullable String challenge)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		if (challenge != null) {
			response.setHeader("WWW-Authenticate", challenge);
		}
		byte[] body = ProblemResponses.body(reason);
		response.setStatus(reason.status());
		response.setContentType(ProblemResponses.MEDIA_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private void publishEvent(HttpServletRequest request, Decision.Refused refused,
			@Nullable Authentication authentication) {
		if (this.events == null) {
			return;
		}
		if (refused.reason().stage() == RefusalReason.Stage.ACCESS) {
			// CSRF runs before Spring's servlet API wrapper, so the context, not the request, knows who called.
			Authentication current = (authentication != null) ? authentication
					: SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
			Authentication principal = (current != null) ? current : anonymous(refused);
			this.events.publishEvent(new AuthorizationDeniedEvent<>(() -> principal, request,
					new AuthorizationDecision(false)));
		}
		else {
			this.events.publishEvent(MtlsAuthenticationFailureEvent.of(refused));
		}
	}

	private static Authentication anonymous(Decision.Refused refused) {
		AnonymousAuthenticationToken anonymous = new AnonymousAuthenticationToken("mtls", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		anonymous.setDetails(refused);
		return anonymous;
	}

}
