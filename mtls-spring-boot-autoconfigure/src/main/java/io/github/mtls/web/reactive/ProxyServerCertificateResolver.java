package io.github.mtls.web.reactive;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;

import io.github.mtls.core.PresentedChain;
import io.github.mtls.proxy.ProxiedRequest;
import io.github.mtls.proxy.ProxyTrust;
import io.github.mtls.web.PeerAddressValve;
import io.github.mtls.web.ProxyClientCertificateResolver;
import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.Connection;

/**
 * Proxy mode on a reactive server: the exchange as the {@link ProxyTrust} rules read it. The peer
 * is the connection's own, which neither the server's forwarded handling
 * ({@code server.forward-headers-strategy=native}) nor Spring's {@code ForwardedHeaderTransformer}
 * ({@code framework}) rewrites: on Reactor Netty the channel's remote address; on Tomcat's reactive
 * adapter the socket's peer that {@link PeerAddressValve} records on the servlet request beneath the
 * exchange (Tomcat's {@code RemoteIpValve} rewrites only {@code getRemoteAddr()}). On another server
 * the request's remote address is used only while no forward-headers strategy is in effect (the
 * auto-configuration refuses to start otherwise); else the peer is unknown and nothing is trusted.
 */
public final class ProxyServerCertificateResolver implements ServerCertificateResolver {

	private static final boolean REACTOR_NETTY = isPresent("reactor.netty.Connection");

	private static final boolean SERVLET = isPresent("jakarta.servlet.ServletRequest");

	private final ProxyTrust trust;

	private final boolean remoteAddressRewritten;

	/**
	 * Creates the resolver.
	 * @param trust the proxy trust rules
	 * @param remoteAddressRewritten whether a forward-headers strategy may rewrite the request's
	 * remote address, so that only the connection's channel names the peer
	 */
	public ProxyServerCertificateResolver(ProxyTrust trust, boolean remoteAddressRewritten) {
		this.trust = trust;
		this.remoteAddressRewritten = remoteAddressRewritten;
	}

	@Override
	public PresentedChain present(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		return this.trust.present(new ProxiedRequest() {

			@Override
			public @Nullable String peerAddress() {
				return peer(request);
			}

			@Override
			public List<String> headers(String name) {
				List<String> values = request.getHeaders().get(name);
				return (values != null) ? values : List.of();
			}

			@Override
			public X509Certificate @Nullable [] handshakeChain() {
				return ServerCertificateResolver.handshakeChain(exchange);
			}

		});
	}

	private @Nullable String peer(ServerHttpRequest request) {
		if (REACTOR_NETTY) {
			SocketAddress channelPeer = NettyPeer.of(request);
			if (channelPeer != null) {
				return address(channelPeer);
			}
		}
		if (SERVLET) {
			String valvePeer = ServletPeer.of(request);
			if (valvePeer != null) {
				return valvePeer;
			}
		}
		if (this.remoteAddressRewritten) {
			return null;
		}
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null) ? address(remote) : null;
	}

	private static @Nullable String address(SocketAddress address) {
		return (address instanceof InetSocketAddress inet && inet.getAddress() != null)
				? inet.getAddress().getHostAddress() : null;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, ProxyServerCertificateResolver.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Reactor Netty's own connection, loaded only when Reactor Netty is on the class path. */
	private static final class NettyPeer {

		static @Nullable SocketAddress of(ServerHttpRequest request) {
			Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
			if (nativeRequest instanceof Connection connection) {
				return connection.channel().remoteAddress();
			}
			return null;
		}

	}

	/** The servlet request beneath a reactive exchange on Tomcat, loaded only when the Servlet API is present. */
	private static final class ServletPeer {

		static @Nullable String of(ServerHttpRequest request) {
			Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
			if (nativeRequest instanceof ServletRequest servletRequest
					&& servletRequest.getAttribute(ProxyClientCertificateResolver.PEER_ADDRESS_ATTRIBUTE) instanceof String peer) {
				return peer;
			}
			return null;
		}

	}

}
