package io.github.mtls.web;

import java.util.Map;
import java.util.stream.Collectors;

import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Pinned identities as Spring Security users: the identity name with the configured authorities
 * and no password (certificates are the credential). Built once at startup; a lookup is a map
 * read. Defining another {@link UserDetailsService} bean replaces it, so authorities can come
 * from elsewhere while the certificate still decides the identity.
 */
public final class PinnedIdentityUserDetailsService implements UserDetailsService {

	private final Map<String, UserDetails> users;

	public PinnedIdentityUserDetailsService(IdentityIndex identities) {
		this.users = identities.identities()
			.values()
			.stream()
			.collect(Collectors.toUnmodifiableMap(ClientIdentity::name, PinnedIdentityUserDetailsService::user));
	}

	private static UserDetails user(ClientIdentity identity) {
		return User.withUsername(identity.name())
			.password("")
			.authorities(AuthorityUtils.createAuthorityList(identity.authorities()))
			.build();
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		UserDetails user = this.users.get(username);
		if (user == null) {
			throw new UsernameNotFoundException("No pinned identity");
		}
		return user;
	}

}
