package io.github.mtls.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies the second factor of a request that its client certificate already authenticated
 * (runs after the {@link MtlsAuthenticationFilter}). A verified factor upgrades the
 * {@link MtlsAuthentication}: same identity and decision, plus the factor authority
 * ({@code FACTOR_BEARER} or {@code FACTOR_PASSWORD}) and, for tokens, their scope authorities.
 * A presented but bad factor is answered at once with its reason code through the
 * {@link RequestRefusals} (logged, counted, one failure event), wherever it is presented;
 * a missing one is left to authorization, which requires it where {@code mtls.second-factor.paths}
 * say. Requests without a certificate authentication pass untouched, so their certificate
 * refusal is what the client sees.
 */
public final class SecondFactorFilter extends OncePerRequestFilter {

	/** MDC key naming the verified second factor authority of the request. */
	public static final String MDC_FACTOR = "mtls.second-factor";

	private static final RequestAttributeSecurityContextRepository CONTEXT_REPOSITORY = new RequestAttributeSecurityContextRepository();

	private final SecondFactorAuthenticator authenticator;

	private final RequestRefusals refusals;

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	public SecondFactorFilter(SecondFactorAuthenticator authenticator, RequestRefusals refusals) {
		this.authenticator = authenticator;
		this.refusals = refusals;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		this.contextHolder = contextHolder;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication current = this.contextHolder.getContext().getAuthentication();
		if (!(current instanceof MtlsAuthentication mtls)) {
			chain.doFilter(request, response);
			return;
		}
		SecondFactorAuthenticator.Outcome outcome = this.authenticator.authenticate(request, mtls);
		if (outcome instanceof SecondFactorAuthenticator.Outcome.Refused refused) {
			// The context is cleared first: nothing after this refusal may see the certificate's identity.
			this.contextHolder.clearContext();
			this.refusals.answer(request, response, refused.refusal(), mtls,
					this.authenticator.challenge(refused.refusal().reason()));
			return;
		}
		if (!(outcome instanceof SecondFactorAuthenticator.Outcome.Verified verified)) {
			chain.doFilter(request, response);
			return;
		}
		List<GrantedAuthority> authorities = new ArrayList<>(mtls.getAuthorities());
		authorities.addAll(verified.authorities());
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(new MtlsAuthentication(mtls.getPrincipal(), mtls.decision(), authorities));
		this.contextHolder.setContext(context);
		// Error dispatches of this request must see both factors, as MtlsAuthenticationFilter keeps the first.
		CONTEXT_REPOSITORY.saveContext(context, request, response);
		MDC.put(MDC_FACTOR, this.authenticator.factorAuthority());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_FACTOR);
		}
	}

}
