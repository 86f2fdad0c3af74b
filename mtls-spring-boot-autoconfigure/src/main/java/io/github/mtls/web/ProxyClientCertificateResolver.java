package io.github.mtls.web;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.proxy.ForwardedChain;
import io.github.mtls.proxy.ForwardedHeaders;
import io.github.mtls.proxy.TrustedProxies;
import org.jspecify.annotations.Nullable;

/**
 * Proxy mode: the client certificate arrives in a header from a TLS-terminating proxy. Trust in
 * the sender is established before any header is read:
 * <ol>
 * <li>the connection's peer address must be one of the {@link TrustedProxies}; a forwarded header
 * from anywhere else is refused as {@code untrusted_proxy_header}, and a request from elsewhere
 * without one is resolved as in direct mode (its own TLS handshake, if any);</li>
 * <li>when a proxy DN is configured, the proxy's own TLS client certificate must carry it;</li>
 * <li>the headers are decoded and re-validated by {@link ForwardedCertificates}.</li>
 * </ol>
 * The proxy's own certificate never reaches the application as the client's: the
 * {@value #CERTIFICATE_ATTRIBUTE} attribute is replaced by the forwarded chain once it is
 * validated, so Spring Security's consumers of it (RFC 8705 certificate-bound tokens, for example)
 * work behind the proxy unchanged. Then the chain goes through the same pipeline as in direct mode.
 *
 * <p>The peer address is the {@value #PEER_ADDRESS_ATTRIBUTE} attribute ({@link PeerAddressValve}
 * on Tomcat), which no {@code X-Forwarded-For} rewriting of {@link HttpServletRequest#getRemoteAddr()}
 * changes. Without it, {@code getRemoteAddr()} is the peer only while nothing rewrites it: when a
 * forward-headers strategy is in effect the peer is unknown, and nothing is trusted (fail closed).
 */
public final class ProxyClientCertificateResolver implements ClientCertificateResolver {

	/** The request attribute holding the connection's own peer address, set by {@link PeerAddressValve}. */
	public static final String PEER_ADDRESS_ATTRIBUTE = "io.github.mtls.web.PeerAddress";

	private final TrustedProxies proxies;

	private final @Nullable String proxySubject;

	private final String certificateHeader;

	private final @Nullable String chainHeader;

	private final ForwardedCertificates certificates;

	private final CertificateFactsCache facts;

	private final boolean remoteAddressRewritten;

	/**
	 * Creates the resolver.
	 * @param proxies the trusted proxy addresses
	 * @param proxySubject the canonical subject DN ({@code Names.canonical}) the proxy's
	 * TLS client certificate must have, or {@code null} not to require one
	 * @param certificateHeader the header carrying the client certificate
	 * @param chainHeader the header carrying its CA certificates, or {@code null}
	 * @param certificates decodes and re-validates the headers
	 * @param facts the facts cache, to read the proxy certificate's subject once per certificate
	 * @param remoteAddressRewritten whether a forward-headers strategy may rewrite
	 * {@code getRemoteAddr()}, so that only the {@value #PEER_ADDRESS_ATTRIBUTE} attribute names the peer
	 */
	public ProxyClientCertificateResolver(TrustedProxies proxies, @Nullable String proxySubject,
			String certificateHeader, @Nullable String chainHeader, ForwardedCertificates certificates,
			CertificateFactsCache facts, boolean remoteAddressRewritten) {
		this.proxies = proxies;
		this.proxySubject = proxySubject;
		this.certificateHeader = certificateHeader;
		this.chainHeader = chainHeader;
		this.certificates = certificates;
		this.facts = facts;
		this.remoteAddressRewritten = remoteAddressRewritten;
	}

	@Override
	public Decision resolve(HttpServletRequest request, AuthenticationPipeline pipeline) {
		String peer = peerAddress(request);
		if (peer == null || !this.proxies.contains(peer)) {
			if (carriesHeader(request)) {
				String from = (peer != null) ? peer + ", which is not a trusted proxy"
						: "an unknown peer (a forward-headers strategy rewrites the remote address and the connector "
								+ "did not record the peer)";
				return pipeline.refuse(
						new Refusal(RefusalReason.UNTRUSTED_PROXY_HEADER, this.certificateHeader + " header from " + from),
						CertificateOrigin.proxy((peer != null) ? peer : "unknown"));
			}
			return pipeline.authenticate(handshakeChain(request), CertificateOrigin.DIRECT);
		}
		CertificateOrigin origin = this.certificates.revalidates() ? CertificateOrigin.proxy(peer)
				: CertificateOrigin.validatingProxy(peer);
		X509Certificate[] proxyChain = handshakeChain(request);
		// The proxy's own TLS certificate must never pass for the client's.
		request.removeAttribute(CERTIFICATE_ATTRIBUTE);
		if (this.proxySubject != null && !isTrustedProxyCertificate(proxyChain)) {
			return pipeline.refuse(new Refusal(RefusalReason.UNTRUSTED_PROXY_HEADER,
					"the proxy at " + peer + " did not present a TLS certificate matching trusted-proxy-dn"), origin);
		}
		ForwardedHeaders headers = new ForwardedHeaders(lines(request, this.certificateHeader),
				(this.chainHeader != null) ? lines(request, this.chainHeader) : List.of());
		ForwardedChain forwarded = this.certificates.resolve(headers);
		if (forwarded instanceof ForwardedChain.Present present) {
			X509Certificate[] chain = present.chain();
			// A copy for the application: the cached array is shared by every request with this header.
			request.setAttribute(CERTIFICATE_ATTRIBUTE, chain.clone());
			Decision decision = pipeline.authenticate(chain, origin);
			if (decision instanceof Decision.Accepted) {
				// A pinned client's header: out of reach of a flood of strangers' headers.
				this.certificates.admit(headers);
			}
			return decision;
		}
		if (forwarded instanceof ForwardedChain.Refused refused) {
			return pipeline.refuse(refused.refusal(), origin);
		}
		return pipeline.authenticate(null, origin);
	}

	/**
	 * The connection's own peer address, or {@code null} when it cannot be known: the remote address
	 * may come from {@code X-Forwarded-For} and no connector recorded the peer.
	 */
	private @Nullable String peerAddress(HttpServletRequest request) {
		if (request.getAttribute(PEER_ADDRESS_ATTRIBUTE) instanceof String peer) {
			return peer;
		}
		return this.remoteAddressRewritten ? null : request.getRemoteAddr();
	}

	private boolean carriesHeader(HttpServletRequest request) {
		return request.getHeader(this.certificateHeader) != null
				|| (this.chainHeader != null && request.getHeader(this.chainHeader) != null);
	}

	private boolean isTrustedProxyCertificate(X509Certificate @Nullable [] proxyChain) {
		if (proxyChain == null || proxyChain.length == 0) {
			return false;
		}
		try {
			return this.facts.get(proxyChain[0]).subject().equals(this.proxySubject);
		}
		catch (CertificateParsingException ex) {
			return false;
		}
	}

	private static X509Certificate @Nullable [] handshakeChain(HttpServletRequest request) {
		return (X509Certificate[]) request.getAttribute(CERTIFICATE_ATTRIBUTE);
	}

	private static List<String> lines(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		return (values != null) ? Collections.list(values) : List.of();
	}

}
