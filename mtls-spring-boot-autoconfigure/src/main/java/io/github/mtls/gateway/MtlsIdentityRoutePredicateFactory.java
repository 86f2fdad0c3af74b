package io.github.mtls.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code MtlsIdentity=orders,billing}: a route that matches only exchanges whose client certificate
 * the pipeline accepted as one of the named pinned identities. Routing by identity is authorization
 * by identity: an identity that no route admits gets the gateway's 404, and a client that is not
 * an accepted identity is refused by the security chain before any route is looked up.
 */
public class MtlsIdentityRoutePredicateFactory extends AbstractRoutePredicateFactory<MtlsIdentityRoutePredicateFactory.Config> {

	public MtlsIdentityRoutePredicateFactory() {
		super(Config.class);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("identities");
	}

	@Override
	public ShortcutType shortcutType() {
		return ShortcutType.GATHER_LIST;
	}

	@Override
	public Predicate<ServerWebExchange> apply(Config config) {
		Set<String> identities = config.names();
		return new GatewayPredicate() {

			@Override
			public boolean test(ServerWebExchange exchange) {
				return GatewayIdentity.of(exchange).filter((accepted) -> identities.contains(accepted.identity().name()))
					.isPresent();
			}

			@Override
			public Object getConfig() {
				return config;
			}

			@Override
			public String toString() {
				return "MtlsIdentity: " + identities;
			}

		};
	}

	/** The identities a route admits, by their names under {@code mtls.identities}. */
	public static class Config {

		private List<String> identities = new ArrayList<>();

		public List<String> getIdentities() {
			return this.identities;
		}

		public Config setIdentities(List<String> identities) {
			this.identities = identities;
			return this;
		}

		Set<String> names() {
			List<String> names = this.identities.stream().map(String::strip).toList();
			if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
				// A route that names no identity would match nobody: a configuration mistake, not a rule.
				throw new IllegalArgumentException("MtlsIdentity needs at least one identity name, got " + this.identities);
			}
			return Set.copyOf(names);
		}

	}

}
