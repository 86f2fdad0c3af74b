package io.github.mtls.web.reactive;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

import io.github.mtls.audit.SuccessEvents;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.web.MtlsAuthentication;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Authenticates every exchange by its client certificate through the {@link AuthenticationPipeline},
 * without blocking the event loop: a decision that waits for a revocation status resumes when the
 * status arrives (on Reactor's bounded-elastic scheduler), a cached status is answered in place. An
 * accepted identity becomes an {@link MtlsAuthentication} with its authorities plus
 * {@code FACTOR_X509} in the reactive security context; a refusal leaves the exchange
 * unauthenticated and is recorded by the {@link ServerRequestRefusals}, so the entry point answers
 * with its reason code wherever authentication is required. The decision travels in the Reactor
 * context ({@link RequestIdentityAccessor}) for the logging MDC.
 */
public final class MtlsAuthenticationWebFilter implements WebFilter {

	/** Where a decision that waited is completed: never an event-loop thread. */
	private static final Executor RESUME = (task) -> Schedulers.boundedElastic().schedule(task);

	private final AuthenticationPipeline pipeline;

	private final ServerCertificateResolver resolver;

	private final ReactiveUserDetailsService users;

	private final ServerRequestRefusals refusals;

	private final @Nullable ApplicationEventPublisher events;

	private SuccessEvents successEvents = SuccessEvents.perRequest();

	public MtlsAuthenticationWebFilter(AuthenticationPipeline pipeline, ServerCertificateResolver resolver,
			ReactiveUserDetailsService users, ServerRequestRefusals refusals,
			@Nullable ApplicationEventPublisher events) {
		this.pipeline = pipeline;
		this.resolver = resolver;
		this.users = users;
		this.refusals = refusals;
		this.events = events;
	}

	/** Which accepted exchanges publish a success event ({@code mtls.audit.success-events}). */
	public void setSuccessEvents(SuccessEvents successEvents) {
		this.successEvents = successEvents;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return Mono.fromFuture(() -> this.pipeline.authenticate(this.resolver.present(exchange), RESUME), true)
			.flatMap(this::withUser)
			.flatMap((decided) -> {
				this.refusals.decided(exchange, decided.decision());
				Mono<Void> next = chain.filter(exchange);
				if (decided.authentication() != null) {
					if (this.events != null && this.successEvents.publish((Decision.Accepted) decided.decision(),
							connection(exchange))) {
						this.events.publishEvent(new AuthenticationSuccessEvent(decided.authentication()));
					}
					next = next.contextWrite(ReactiveSecurityContextHolder.withAuthentication(decided.authentication()));
				}
				return next.contextWrite(Context.of(RequestIdentityAccessor.KEY, decided.decision()));
			});
	}

	/**
	 * The exchange's TLS session, else its TCP connection (the peer's address and port), for
	 * {@link SuccessEvents}.
	 */
	private static @Nullable String connection(ServerWebExchange exchange) {
		SslInfo ssl = exchange.getRequest().getSslInfo();
		if (ssl != null && ssl.getSessionId() != null) {
			return "tls " + ssl.getSessionId();
		}
		InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
		return (peer != null) ? "connection " + peer : null;
	}

	private Mono<Decided> withUser(Decision decision) {
		if (!(decision instanceof Decision.Accepted accepted)) {
			return Mono.just(new Decided(decision, null));
		}
		return this.users.findByUsername(accepted.identity().name())
			.map((user) -> new Decided(decision,
					MtlsAuthentication.of(user, accepted, this.pipeline.clock().instant())))
			.switchIfEmpty(Mono.fromSupplier(() -> new Decided(this.pipeline.refuse(new Refusal(
					RefusalReason.IDENTITY_NOT_PINNED,
					"the user-details service does not know identity " + accepted.identity().name()),
					accepted.origin()), null)));
	}

	private record Decided(Decision decision, @Nullable MtlsAuthentication authentication) {
	}

}
