package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the proxy trust rules read of a request, whatever the web stack: the connection's own peer
 * address, the request's headers and the chain of its own TLS handshake.
 */
public interface ProxiedRequest {

	/**
	 * The connection's own peer address, never one taken from {@code X-Forwarded-For} or
	 * {@code Forwarded}; {@code null} when the web server cannot tell it (then nothing is trusted).
	 */
	@Nullable String peerAddress();

	/** Every value of the header {@code name}, in order; empty when absent. */
	List<String> headers(String name);

	/** The chain of the connection's own TLS handshake (the proxy's certificate), or {@code null}. */
	X509Certificate @Nullable [] handshakeChain();

}
