package io.github.mtls.web;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.mtls.core.Decision;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
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

	/**
	 * The authentication of an accepted identity on any web stack: the user's authorities plus
	 * {@code FACTOR_X509}, so that Spring Security's multi-factor rules count the certificate.
	 * @param issuedAt when the factor was proven (the request time)
	 */
	public static MtlsAuthentication of(UserDetails user, Decision.Accepted accepted, Instant issuedAt) {
		Collection<? extends GrantedAuthority> granted = user.getAuthorities();
		List<GrantedAuthority> authorities = new ArrayList<>(granted.size() + 1);
		authorities.addAll(granted);
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.X509_AUTHORITY)
			.issuedAt(issuedAt)
			.build());
		return new MtlsAuthentication(user, accepted, authorities);
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
