package io.github.mtls.gateway;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.core.Decision;
import io.github.mtls.proxy.ForwardedCertificateEncoder;
import io.github.mtls.web.reactive.ServerCertificateResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The gateway's one rule for certificate headers, on every route and before any other gateway
 * filter: every certificate header the client sent is removed, then the certificate the pipeline
 * accepted is forwarded (RFC 9440 or XFCC), so a backend in proxy mode that trusts the gateway's
 * address sees that certificate and no other.
 *
 * <p>Without the removal, a client holding any certificate the gateway accepts could send another
 * client's certificate (which is public) in {@code Client-Cert}, and a backend trusting the gateway
 * would take the request as that other client. The headers the gateway writes are always removed
 * first, whatever the configured list says. A refused or unauthenticated exchange (a route the
 * application permits without authentication) reaches the backend with no certificate header at all.
 */
public final class ClientCertificateForwarding implements GlobalFilter, Ordered {

	private final Set<String> removedHeaders;

	private final @Nullable ForwardedCertificateEncoder encoder;

	private final ServerCertificateResolver presented;

	/** Encoded headers per leaf object: a kept-alive client's certificate is encoded once. */
	private final Cache<X509Certificate, Encoded> encoded = Caffeine.newBuilder()
		.weakKeys()
		.maximumSize(10_000)
		.build();

	/**
	 * Creates the filter.
	 * @param removedHeaders the client-supplied certificate headers to remove
	 * @param encoder how the accepted certificate is forwarded; {@code null} to forward nothing
	 * @param presented reads the chain the client presented, for the CA certificates sent with the leaf
	 */
	public ClientCertificateForwarding(List<String> removedHeaders, @Nullable ForwardedCertificateEncoder encoder,
			ServerCertificateResolver presented) {
		Set<String> removed = new LinkedHashSet<>(removedHeaders);
		if (encoder != null) {
			removed.addAll(encoder.headerNames());
		}
		this.removedHeaders = Set.copyOf(removed);
		this.encoder = encoder;
		this.presented = presented;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Decision.Accepted accepted = GatewayIdentity.of(exchange).orElse(null);
		Map<String, String> forwarded = (accepted != null && this.encoder != null) ? forwarded(exchange, accepted)
				: Map.of();
		if (accepted != null) {
			exchange.getAttributes().put(GatewayIdentity.ATTRIBUTE, accepted.identity().name());
		}
		return chain.filter(exchange.mutate().request((request) -> request.headers((headers) -> {
			this.removedHeaders.forEach(headers::remove);
			forwarded.forEach(headers::set);
		})).build());
	}

	/** The headers for the accepted leaf and the CA certificates the client presented with it. */
	private Map<String, String> forwarded(ServerWebExchange exchange, Decision.Accepted accepted) {
		X509Certificate leaf = accepted.certificate().certificate();
		List<X509Certificate> cas = presentedCas(exchange, leaf);
		Encoded cached = this.encoded.getIfPresent(leaf);
		if (cached == null || !cached.cas().equals(cas)) {
			List<X509Certificate> chain = new ArrayList<>(cas.size() + 1);
			chain.add(leaf);
			chain.addAll(cas);
			cached = new Encoded(cas, this.encoder.headers(chain));
			this.encoded.put(leaf, cached);
		}
		return cached.headers();
	}

	private List<X509Certificate> presentedCas(ServerWebExchange exchange, X509Certificate leaf) {
		X509Certificate[] chain = this.presented.present(exchange).chain();
		if (chain == null || chain.length < 2 || !chain[0].equals(leaf)) {
			return List.of();
		}
		return List.copyOf(Arrays.asList(chain).subList(1, chain.length));
	}

	/** The client's certificate headers the filter removes, the forwarded ones included. */
	public Set<String> removedHeaders() {
		return this.removedHeaders;
	}

	private record Encoded(List<X509Certificate> cas, Map<String, String> headers) {
	}

}
