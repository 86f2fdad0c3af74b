package io.github.mtls.gateway;

import java.util.Optional;

import io.github.mtls.core.Decision;
import io.github.mtls.web.reactive.ServerRequestRefusals;
import org.springframework.web.server.ServerWebExchange;

/**
 * The identity the pipeline accepted for an exchange, as the gateway's filters and predicates read
 * it: the decision recorded by the reactive adapter, so nothing here decides again.
 */
public final class GatewayIdentity {

	/**
	 * The exchange attribute holding the accepted identity's name (a {@code String}), set by
	 * {@link ClientCertificateForwarding} before every other gateway filter runs.
	 */
	public static final String ATTRIBUTE = "io.github.mtls.gateway.identity";

	private GatewayIdentity() {
	}

	/** The exchange's accepted decision; empty when it was refused or never authenticated. */
	public static Optional<Decision.Accepted> of(ServerWebExchange exchange) {
		return (exchange.getAttribute(ServerRequestRefusals.DECISION_ATTRIBUTE) instanceof Decision.Accepted accepted)
				? Optional.of(accepted) : Optional.empty();
	}

}
