package io.github.mtls.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import static org.assertj.core.api.Assertions.assertThat;

/** The user of an accepted request carries the authorities of the configuration it was decided with. */
class PinnedIdentityUserDetailsServiceTests {

	static final ClientIdentity reader = identity("ROLE_READER");

	static final ClientIdentity writer = identity("ROLE_WRITER");

	final AtomicReference<IdentityIndex> inForce = new AtomicReference<>(new IdentityIndex(List.of(reader)));

	final PinnedIdentityUserDetailsService users = new PinnedIdentityUserDetailsService(this.inForce::get);

	@Test
	void decisionTakenBeforeAReloadKeepsItsAuthoritiesAfterIt() {
		this.inForce.set(new IdentityIndex(List.of(writer)));
		assertThat(authorities(this.users.user(reader))).containsExactly("ROLE_READER");
		assertThat(authorities(this.users.user(writer))).containsExactly("ROLE_WRITER");
		assertThat(authorities(this.users.loadUserByUsername("orders"))).containsExactly("ROLE_WRITER");
	}

	@Test
	void decisionForAnIdentityRemovedMeanwhileStillGetsItsUser() {
		this.inForce.set(new IdentityIndex(List.of()));
		assertThat(this.users.user(reader).getUsername()).isEqualTo("orders");
	}

	@Test
	void identityInForceIsServedFromTheBuiltUsers() {
		assertThat(this.users.user(reader)).isSameAs(this.users.user(reader));
	}

	private static ClientIdentity identity(String authority) {
		return new ClientIdentity("orders", Map.of(SelectorKind.SUBJECT_DN, Set.of("cn=orders")), List.of(authority));
	}

	private static List<String> authorities(UserDetails user) {
		return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
