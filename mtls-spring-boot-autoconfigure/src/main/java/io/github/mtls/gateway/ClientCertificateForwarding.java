package io.github.mtls.gateway;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.core.Decision;
import io.github.mtls.proxy.ForwardedCertificateEncoder;
import io.github.mtls.web.reactive.ServerCertificateResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Forwards the certificate the pipeline accepted to the backend (RFC 9440 or XFCC), on every route
 * that proxies: the last of the gateway's request-header filters, so that neither the gateway's own
 * header filters (its {@code RemoveXForwardedHeadersFilter} drops every {@code X-Forwarded-*} header,
 * XFCC included) nor a route filter can replace or drop what it sets. A refused or unauthenticated
 * exchange (a route the application permits without authentication) is sent with no certificate
 * header at all, so the backend refuses it in turn.
 */
public final class ClientCertificateForwarding implements HttpHeadersFilter, Ordered {

	private final @Nullable ForwardedCertificateEncoder encoder;

	private final ServerCertificateResolver presented;

	/** Encoded headers per leaf object: a kept-alive client's certificate is encoded once. */
	private final Cache<X509Certificate, Encoded> encoded = Caffeine.newBuilder()
		.weakKeys()
		.maximumSize(10_000)
		.build();

	/**
	 * Creates the filter.
	 * @param encoder how the accepted certificate is forwarded; {@code null} to forward nothing
	 * @param presented reads the chain the client presented, for the CA certificates sent with the leaf
	 */
	public ClientCertificateForwarding(@Nullable ForwardedCertificateEncoder encoder,
			ServerCertificateResolver presented) {
		this.encoder = encoder;
		this.presented = presented;
	}

	/** The headers this filter sets; empty when it forwards nothing. */
	public List<String> headerNames() {
		return (this.encoder != null) ? this.encoder.headerNames() : List.of();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders headers = HttpHeaders.copyOf(input);
		headerNames().forEach(headers::remove);
		Decision.Accepted accepted = GatewayIdentity.of(exchange).orElse(null);
		if (accepted != null && this.encoder != null) {
			forwarded(exchange, accepted, this.encoder).forEach(headers::set);
		}
		return headers;
	}

	/** The headers for the accepted leaf and the CA certificates the client presented with it. */
	private Map<String, String> forwarded(ServerWebExchange exchange, Decision.Accepted accepted,
			ForwardedCertificateEncoder encoder) {
		X509Certificate leaf = accepted.certificate().certificate();
		List<X509Certificate> cas = presentedCas(exchange, leaf);
		Encoded cached = this.encoded.getIfPresent(leaf);
		if (cached == null || !cached.cas().equals(cas)) {
			List<X509Certificate> chain = new ArrayList<>(cas.size() + 1);
			chain.add(leaf);
			chain.addAll(cas);
			cached = new Encoded(cas, encoder.headers(chain));
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

	private record Encoded(List<X509Certificate> cas, Map<String, String> headers) {
	}

}
