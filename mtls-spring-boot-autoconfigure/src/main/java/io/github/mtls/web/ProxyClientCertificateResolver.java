package io.github.mtls.web;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Decision;
import io.github.mtls.core.PresentedChain;
import io.github.mtls.proxy.ProxiedRequest;
import io.github.mtls.proxy.ProxyTrust;
import org.jspecify.annotations.Nullable;

/**
 * Proxy mode on a servlet server: the request as the {@link ProxyTrust} rules read it. The proxy's
 * own certificate never reaches the application as the client's: the
 * {@value #CERTIFICATE_ATTRIBUTE} attribute is replaced by the forwarded chain, so Spring
 * Security's consumers of it (RFC 8705 certificate-bound tokens, for example) work behind the proxy
 * unchanged.
 *
 * <p>The peer address is the {@value #PEER_ADDRESS_ATTRIBUTE} attribute ({@link PeerAddressValve}
 * on Tomcat), which no {@code X-Forwarded-For} rewriting of {@link HttpServletRequest#getRemoteAddr()}
 * changes. Without it, {@code getRemoteAddr()} is the peer only while nothing rewrites it: when a
 * forward-headers strategy is in effect the peer is unknown, and nothing is trusted (fail closed).
 */
public final class ProxyClientCertificateResolver implements ClientCertificateResolver {

	/** The request attribute holding the connection's own peer address, set by {@link PeerAddressValve}. */
	public static final String PEER_ADDRESS_ATTRIBUTE = "io.github.mtls.web.PeerAddress";

	private final ProxyTrust trust;

	private final boolean remoteAddressRewritten;

	/**
	 * Creates the resolver.
	 * @param trust the proxy trust rules
	 * @param remoteAddressRewritten whether a forward-headers strategy may rewrite
	 * {@code getRemoteAddr()}, so that only the {@value #PEER_ADDRESS_ATTRIBUTE} attribute names the peer
	 */
	public ProxyClientCertificateResolver(ProxyTrust trust, boolean remoteAddressRewritten) {
		this.trust = trust;
		this.remoteAddressRewritten = remoteAddressRewritten;
	}

	@Override
	public Decision resolve(HttpServletRequest request, AuthenticationPipeline pipeline) {
		PresentedChain presented = this.trust.present(new ServletProxiedRequest(request));
		if (presented.origin().forwarded()) {
			// The proxy's own TLS certificate must never pass for the client's.
			request.removeAttribute(CERTIFICATE_ATTRIBUTE);
			if (presented.chain() != null) {
				// A copy for the application: the cached array is shared by every request with this header.
				request.setAttribute(CERTIFICATE_ATTRIBUTE, presented.chain().clone());
			}
		}
		return pipeline.authenticate(presented);
	}

	private final class ServletProxiedRequest implements ProxiedRequest {

		private final HttpServletRequest request;

		ServletProxiedRequest(HttpServletRequest request) {
			this.request = request;
		}

		/**
		 * The connection's own peer address, or {@code null} when it cannot be known: the remote address
		 * may come from {@code X-Forwarded-For} and no connector recorded the peer.
		 */
		@Override
		public @Nullable String peerAddress() {
			if (this.request.getAttribute(PEER_ADDRESS_ATTRIBUTE) instanceof String peer) {
				return peer;
			}
			return ProxyClientCertificateResolver.this.remoteAddressRewritten ? null : this.request.getRemoteAddr();
		}

		@Override
		public List<String> headers(String name) {
			Enumeration<String> values = this.request.getHeaders(name);
			return (values != null) ? Collections.list(values) : List.of();
		}

		@Override
		public X509Certificate @Nullable [] handshakeChain() {
			return (X509Certificate[]) this.request.getAttribute(CERTIFICATE_ATTRIBUTE);
		}

	}

}
