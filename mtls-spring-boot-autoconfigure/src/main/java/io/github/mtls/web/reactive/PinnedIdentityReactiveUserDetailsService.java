package io.github.mtls.web.reactive;

import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.web.PinnedIdentityUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import reactor.core.publisher.Mono;

/**
 * Pinned identities as reactive Spring Security users: the same users as the servlet side's
 * {@link PinnedIdentityUserDetailsService} (name, configured authorities, no password), a map read
 * answered in place. Defining another {@link ReactiveUserDetailsService} bean replaces it.
 */
public final class PinnedIdentityReactiveUserDetailsService implements ReactiveUserDetailsService {

	private final PinnedIdentityUserDetailsService users;

	public PinnedIdentityReactiveUserDetailsService(IdentityIndex identities) {
		this.users = new PinnedIdentityUserDetailsService(identities);
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		try {
			return Mono.just(this.users.loadUserByUsername(username));
		}
		catch (UsernameNotFoundException ex) {
			return Mono.empty();
		}
	}

}
