package io.github.mtls.gateway;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Removes every certificate header the client sent, on every route and before any other gateway
 * filter, and names the accepted identity in the exchange ({@link GatewayIdentity#ATTRIBUTE}).
 *
 * <p>Without the removal, a client holding any certificate the gateway accepts could send another
 * client's certificate (which is public) in {@code Client-Cert}, and a backend trusting the
 * gateway's address would take the request as that other client. The headers the gateway forwards
 * ({@link ClientCertificateForwarding}) are removed whatever the configured list says.
 */
public final class CertificateHeaderRemoval implements GlobalFilter, Ordered {

	private final Set<String> removedHeaders;

	/**
	 * Creates the filter.
	 * @param removedHeaders the client-supplied certificate headers to remove
	 * @param forwarded the forwarding the gateway does, whose headers are removed too
	 */
	public CertificateHeaderRemoval(List<String> removedHeaders, ClientCertificateForwarding forwarded) {
		Set<String> removed = new LinkedHashSet<>(removedHeaders);
		removed.addAll(forwarded.headerNames());
		this.removedHeaders = Set.copyOf(removed);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		GatewayIdentity.of(exchange)
			.ifPresent((accepted) -> exchange.getAttributes().put(GatewayIdentity.ATTRIBUTE, accepted.identity().name()));
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> this.removedHeaders.forEach(headers::remove)))
			.build());
	}

	/** The header names removed from every request. */
	public Set<String> removedHeaders() {
		return this.removedHeaders;
	}

}
