package io.github.mtls.web;

import java.util.Map;
import java.util.function.Supplier;
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

	private final Supplier<IdentityIndex> identities;

	private volatile Users users;

	public PinnedIdentityUserDetailsService(IdentityIndex identities) {
		this(() -> identities);
	}

	/**
	 * @param identities the identities in force, read on every lookup: users are built again when
	 * the index is replaced by a reload
	 */
	public PinnedIdentityUserDetailsService(Supplier<IdentityIndex> identities) {
		this.identities = identities;
		this.users = new Users(identities.get());
	}

	private static UserDetails build(ClientIdentity identity) {
		return User.withUsername(identity.name())
			.password("")
			.authorities(AuthorityUtils.createAuthorityList(identity.authorities()))
			.build();
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		Entry entry = users().byName().get(username);
		if (entry == null) {
			throw new UsernameNotFoundException("No pinned identity");
		}
		return entry.user();
	}

	/**
	 * The user of an identity as the request was decided with it: its authorities are those of the
	 * configuration the pipeline read, even when a reload replaced the identity meanwhile (looking it
	 * up by name could pair the old decision with the new authorities, or refuse a request accepted a
	 * moment before).
	 * @param identity the identity of an accepted decision
	 * @return its user
	 */
	public UserDetails user(ClientIdentity identity) {
		Entry entry = users().byName().get(identity.name());
		return (entry != null && entry.identity() == identity) ? entry.user() : build(identity);
	}

	private Users users() {
		IdentityIndex identities = this.identities.get();
		Users users = this.users;
		if (users.index() != identities) {
			users = new Users(identities);
			this.users = users;
		}
		return users;
	}

	private record Users(IdentityIndex index, Map<String, Entry> byName) {

		Users(IdentityIndex index) {
			this(index, index.identities()
				.values()
				.stream()
				.collect(Collectors.toUnmodifiableMap(ClientIdentity::name, (identity) -> new Entry(identity,
						build(identity)))));
		}

	}

	/** A built user beside the compiled identity it was built from. */
	private record Entry(ClientIdentity identity, UserDetails user) {
	}

}
