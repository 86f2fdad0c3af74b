package io.github.mtls.web;

import java.io.IOException;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Tomcat valve that records the connection's own peer address as the
 * {@value ProxyClientCertificateResolver#PEER_ADDRESS_ATTRIBUTE} request attribute, for the
 * trusted-proxy check. {@link Request#getPeerAddr()} is the socket's peer: Tomcat's
 * {@code RemoteIpValve} (switched on by {@code server.forward-headers-strategy=native} or by
 * cloud-platform detection, Kubernetes for one) and Spring's {@code ForwardedHeaderFilter} rewrite
 * only {@code getRemoteAddr()} from {@code X-Forwarded-For}, so a client cannot pass for the proxy
 * whatever strategy is in effect.
 */
public final class PeerAddressValve extends ValveBase {

	/** Creates the valve; it supports asynchronous requests. */
	public PeerAddressValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(ProxyClientCertificateResolver.PEER_ADDRESS_ATTRIBUTE, request.getPeerAddr());
		getNext().invoke(request, response);
	}

}
