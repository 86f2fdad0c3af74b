package io.github.mtls.web.reactive;

import java.security.cert.X509Certificate;

import io.github.mtls.core.PresentedChain;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds what a reactive request presents: direct mode reads the chain of the TLS handshake
 * ({@link SslInfo}); proxy mode replaces this bean to read a trusted proxy's header.
 */
@FunctionalInterface
public interface ServerCertificateResolver {

	/**
	 * What the exchange presents to the pipeline. Must not block: it runs on the event loop.
	 * @param exchange the exchange
	 * @return its chain and origin, or a refusal decided before any chain was read
	 */
	PresentedChain present(ServerWebExchange exchange);

	/** Direct mode: the chain of the connection's own TLS handshake, validated again by the pipeline. */
	static ServerCertificateResolver direct() {
		return (exchange) -> PresentedChain.direct(handshakeChain(exchange));
	}

	/** The chain of the connection's TLS handshake, or {@code null} without TLS or a client certificate. */
	static X509Certificate @org.jspecify.annotations.Nullable [] handshakeChain(ServerWebExchange exchange) {
		SslInfo ssl = exchange.getRequest().getSslInfo();
		return (ssl != null) ? ssl.getPeerCertificates() : null;
	}

}
