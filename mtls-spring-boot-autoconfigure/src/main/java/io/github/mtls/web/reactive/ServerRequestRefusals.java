package io.github.mtls.web.reactive;

import io.github.mtls.audit.MtlsAuthenticationFailureEvent;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.web.ProblemResponses;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of the servlet {@code RequestRefusals}: the one path of every refusal of an
 * exchange, whoever decides it (the pipeline, authorization, CSRF protection). Each exchange's
 * refusal is published exactly once, with the certificate and identity of its decision: the
 * pipeline's log line and listeners, and one event ({@link MtlsAuthenticationFailureEvent}, or an
 * {@link AuthorizationDeniedEvent} for the access stage). The answer is the shared RFC 9457 body of
 * {@link ProblemResponses}, never a Basic challenge.
 */
public final class ServerRequestRefusals {

	/** The exchange attribute holding the exchange's {@link Decision} from the pipeline. */
	public static final String DECISION_ATTRIBUTE = ServerRequestRefusals.class.getName() + ".DECISION";

	/** The exchange attribute holding the {@link Decision.Refused refusal} published for the exchange. */
	public static final String REFUSAL_ATTRIBUTE = ServerRequestRefusals.class.getName() + ".REFUSAL";

	private static final MediaType PROBLEM = MediaType.parseMediaType(ProblemResponses.MEDIA_TYPE);

	private final AuthenticationPipeline pipeline;

	private final @Nullable ApplicationEventPublisher events;

	public ServerRequestRefusals(AuthenticationPipeline pipeline, @Nullable ApplicationEventPublisher events) {
		this.pipeline = pipeline;
		this.events = events;
	}

	/** Records the pipeline's decision: a refusal, already logged and observed, gets its event. */
	void decided(ServerWebExchange exchange, Decision decision) {
		exchange.getAttributes().put(DECISION_ATTRIBUTE, decision);
		if (decision instanceof Decision.Refused refused) {
			exchange.getAttributes().put(REFUSAL_ATTRIBUTE, refused);
			publishEvent(exchange, refused, null);
		}
	}

	/**
	 * Refuses the exchange for {@code refusal}, decided after or outside the pipeline, and publishes
	 * it unless the exchange was already refused.
	 * @return the exchange's refusal: this one, or the one published before
	 */
	public Decision.Refused refuse(ServerWebExchange exchange, Refusal refusal,
			@Nullable Authentication authentication) {
		if (exchange.getAttribute(REFUSAL_ATTRIBUTE) instanceof Decision.Refused published) {
			return published;
		}
		Decision decision = exchange.getAttribute(DECISION_ATTRIBUTE);
		Decision.Refused refused = (decision != null)
				? new Decision.Refused(refusal, decision.certificate(), decision.identity(), decision.origin())
				: new Decision.Refused(refusal, null, null, CertificateOrigin.DIRECT);
		exchange.getAttributes().put(REFUSAL_ATTRIBUTE, refused);
		this.pipeline.refuse(refused);
		publishEvent(exchange, refused, authentication);
		return refused;
	}

	/** Refuses the exchange as {@link #refuse} does and answers it with the refusal's problem. */
	public Mono<Void> answer(ServerWebExchange exchange, Refusal refusal, @Nullable Authentication authentication) {
		return answer(exchange, refusal, authentication, null);
	}

	/**
	 * Refuses the exchange as {@link #refuse} does and answers it with the refusal's problem.
	 * @param challenge the {@code WWW-Authenticate} challenge (a second factor's 401), or {@code null}
	 */
	public Mono<Void> answer(ServerWebExchange exchange, Refusal refusal, @Nullable Authentication authentication,
			@Nullable String challenge) {
		return write(exchange.getResponse(), refuse(exchange, refusal, authentication).reason(), challenge);
	}

	/** Writes the problem for {@code reason} unless the response is already committed. */
	static Mono<Void> write(ServerHttpResponse response, RefusalReason reason) {
		return write(response, reason, null);
	}

	/**
	 * Writes the problem for {@code reason} with a {@code WWW-Authenticate} challenge (RFC 9110
	 * section 11.6.1) when one is given, unless the response is already committed.
	 */
	static Mono<Void> write(ServerHttpResponse response, RefusalReason reason, @Nullable String challenge) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		if (challenge != null) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		byte[] body = ProblemResponses.body(reason);
		response.setStatusCode(HttpStatus.valueOf(reason.status()));
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(PROBLEM);
		headers.setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	private void publishEvent(ServerWebExchange exchange, Decision.Refused refused,
			@Nullable Authentication authentication) {
		if (this.events == null) {
			return;
		}
		if (refused.reason().stage() == RefusalReason.Stage.ACCESS) {
			Authentication principal = (authentication != null) ? authentication : anonymous(refused);
			this.events.publishEvent(new AuthorizationDeniedEvent<>(() -> principal, exchange,
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
