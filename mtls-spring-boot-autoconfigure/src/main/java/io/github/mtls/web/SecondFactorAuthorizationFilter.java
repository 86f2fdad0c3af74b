package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires both factors on the requests the second-factor requirement covers, before the
 * application's own authorization rules run. The rule is Spring Security's multi-factor
 * authorization ({@code AuthorizationManagerFactories.multiFactor()}), so a missing factor
 * surfaces as a {@code FactorAuthorizationDecision} that Spring's missing-authority handling turns
 * into the {@link SecondFactorEntryPoint}. Other requests go on to the application's rules
 * unchanged.
 */
final class SecondFactorAuthorizationFilter extends OncePerRequestFilter {

	private final RequestMatcher requests;

	private final AuthorizationManager<HttpServletRequest> factors;

	private SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	SecondFactorAuthorizationFilter(RequestMatcher requests, AuthorizationManager<HttpServletRequest> factors) {
		this.requests = requests;
		this.factors = factors;
	}

	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy contextHolder) {
		this.contextHolder = contextHolder;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.requests.matches(request)) {
			AuthorizationResult result = this.factors.authorize(this::authentication, request);
			if (result != null && !result.isGranted()) {
				throw new AuthorizationDeniedException("Access Denied", result);
			}
		}
		chain.doFilter(request, response);
	}

	private @Nullable Authentication authentication() {
		return this.contextHolder.getContext().getAuthentication();
	}

}
