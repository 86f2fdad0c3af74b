package io.github.mtls.web;

import java.security.cert.X509Certificate;
import java.util.Collection;

import io.github.mtls.core.Decision;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * An authenticated pinned identity. The principal is the identity's {@link UserDetails} (its
 * name is the identity name), the credentials are the client certificate, and the details are
 * the pipeline's {@link Decision.Accepted decision} (certificate facts and origin).
 */
public final class MtlsAuthentication extends AbstractAuthenticationToken {

	private final UserDetails principal;

	private final Decision.Accepted decision;

	public MtlsAuthentication(UserDetails principal, Decision.Accepted decision,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.principal = principal;
		this.decision = decision;
		setDetails(decision);
		setAuthenticated(true);
	}

	@Override
	public UserDetails getPrincipal() {
		return this.principal;
	}

	@Override
	public X509Certificate getCredentials() {
		return this.decision.certificate().certificate();
	}

	@Override
	public String getName() {
		return this.principal.getUsername();
	}

	/** The decision that authenticated the request. */
	public Decision.Accepted decision() {
		return this.decision;
	}

}
