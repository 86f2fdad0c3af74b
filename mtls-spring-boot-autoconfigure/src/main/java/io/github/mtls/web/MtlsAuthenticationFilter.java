package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.audit.RequestIdentity;
import io.github.mtls.audit.SuccessEvents;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request by its client certificate through the {@link AuthenticationPipeline}.
 * An accepted identity becomes an {@link MtlsAuthentication} carrying its authorities plus
 * {@code FACTOR_X509}. A refusal leaves the request unauthenticated and is recorded by the
 * {@link RequestRefusals} (its event, {@link RequestRefusals#REFUSAL_ATTRIBUTE}), so the
 * {@link MtlsAuthenticationEntryPoint} answers with its reason code wherever authentication is
 * required. Either way the decision goes to the MDC for the rest of the request.
 */
public final class MtlsAuthenticationFilter extends OncePerRequestFilter {

	/** Where the servlet container puts the TLS session id (Servlet specification 3.10). */
	private static final String TLS_SESSION_ATTRIBUTE = "jakarta.servlet.request.ssl_session_id";

	private final AuthenticationPipeline pipeline;

	private final RequestRefusals refusals;

	private final ClientCertificateResolver resolver;

	private final UserDetailsService users;

	private final @Nullable ApplicationEventPublisher events;

	private SuccessEvents successEvents = SuccessEvents.perRequest();

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Keeps the authentication for the request's other dispatches (an error page, for example), which
	 * this filter does not see again: without it a 404 of an accepted identity would answer 401. A
	 * request attribute, never the HTTP session: every request is authenticated by its certificate.
	 */
	private final SecurityContextRepository contextRepository = new RequestAttributeSecurityContextRepository();

	public MtlsAuthenticationFilter(AuthenticationPipeline pipeline, ClientCertificateResolver resolver,
			UserDetailsService users, RequestRefusals refusals, @Nullable ApplicationEventPublisher events) {
		this.pipeline = pipeline;
		this.refusals = refusals;
		this.resolver = resolver;
		this.users = users;
		this.events = events;
	}

	/** Which accepted requests publish a success event ({@code mtls.audit.success-events}). */
	public void setSuccessEvents(SuccessEvents successEvents) {
		this.successEvents = successEvents;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		this.contextHolder = contextHolder;
	}


	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Decision decision = this.resolver.resolve(request, this.pipeline);
		UserDetails user = null;
		if (decision instanceof Decision.Accepted accepted) {
			try {
				// The pinned users are built from the identity the request was decided with, never
				// looked up again by name in a configuration a reload may have replaced meanwhile.
				user = (this.users instanceof PinnedIdentityUserDetailsService pinned) ? pinned.user(accepted.identity())
						: this.users.loadUserByUsername(accepted.identity().name());
			}
			catch (UsernameNotFoundException ex) {
				decision = this.pipeline.refuse(new Refusal(RefusalReason.IDENTITY_NOT_PINNED,
						"the user-details service does not know identity " + accepted.identity().name()),
						accepted.origin());
			}
		}
		try {
			this.refusals.decided(request, decision);
			if (user != null) {
				authenticate(user, (Decision.Accepted) decision, request, response);
				chain.doFilter(new AuthenticatedRequest(request, this.contextHolder), response);
			}
			else {
				chain.doFilter(request, response);
			}
		}
		finally {
			RequestIdentity.clear();
		}
	}

	/**
	 * The request's TLS session (a resumed session is the same client), else its connection (a
	 * plain-HTTP hop from a proxy), for {@link SuccessEvents}.
	 */
	private static @Nullable String connection(HttpServletRequest request) {
		if (request.getAttribute(TLS_SESSION_ATTRIBUTE) instanceof String session) {
			return "tls " + session;
		}
		ServletConnection connection = request.getServletConnection();
		return (connection != null) ? "connection " + connection.getConnectionId() : null;
	}

	private void authenticate(UserDetails user, Decision.Accepted accepted, HttpServletRequest request,
			HttpServletResponse response) {
		MtlsAuthentication authentication = MtlsAuthentication.of(user, accepted, this.pipeline.clock().instant());
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		this.contextHolder.setContext(context);
		this.contextRepository.saveContext(context, request, response);
		if (this.events != null && this.successEvents.publish(accepted, connection(request))) {
			this.events.publishEvent(new AuthenticationSuccessEvent(authentication));
		}
	}

}
