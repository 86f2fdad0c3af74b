package io.github.mtls.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The request as the servlet API sees the identity: {@code getUserPrincipal()}, {@code getRemoteUser()}
 * and {@code isUserInRole()} read the security context, so a controller's {@code Principal} or
 * {@code Authentication} parameter works. The lean chain drops Spring Security's servlet-API
 * integration filter (it also offers login, logout and {@code authenticate()}, which have no meaning
 * for a certificate); this wrapper keeps the part an API uses, without a filter of its own.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

	private static final String ROLE_PREFIX = "ROLE_";

	private final SecurityContextHolderStrategy contextHolder;

	AuthenticatedRequest(HttpServletRequest request, SecurityContextHolderStrategy contextHolder) {
		super(request);
		this.contextHolder = contextHolder;
	}

	@Override
	public @Nullable Principal getUserPrincipal() {
		Authentication authentication = this.contextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.isAuthenticated()) ? authentication
				: super.getUserPrincipal();
	}

	@Override
	public @Nullable String getRemoteUser() {
		Principal principal = getUserPrincipal();
		return (principal != null) ? principal.getName() : null;
	}

	@Override
	public boolean isUserInRole(String role) {
		if (!(getUserPrincipal() instanceof Authentication authentication)) {
			return super.isUserInRole(role);
		}
		String authority = role.startsWith(ROLE_PREFIX) ? role : ROLE_PREFIX + role;
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
