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
 * <p>The peer address is {@link HttpServletRequest#getRemoteAddr()}: do not let a forwarded-headers
 * valve or filter rewrite it from {@code X-Forwarded-For} in front of this resolver.
 */
public final class ProxyClientCertificateResolver implements ClientCertificateResolver {

	private final TrustedProxies proxies;

	private final @Nullable String proxySubject;

	private final String certificateHeader;

	private final @Nullable String chainHeader;

	private final ForwardedCertificates certificates;

	private final CertificateFactsCache facts;

	/**
	 * Creates the resolver.
	 * @param proxies the trusted proxy addresses
	 * @param proxySubject the canonical subject DN ({@code X500Principal.CANONICAL}) the proxy's
	 * TLS client certificate must have, or {@code null} not to require one
	 * @param certificateHeader the header carrying the client certificate
	 * @param chainHeader the header carrying its CA certificates, or {@code null}
	 * @param certificates decodes and re-validates the headers
	 * @param facts the facts cache, to read the proxy certificate's subject once per certificate
	 */
	public ProxyClientCertificateResolver(TrustedProxies proxies, @Nullable String proxySubject,
			String certificateHeader, @Nullable String chainHeader, ForwardedCertificates certificates,
			CertificateFactsCache facts) {
		this.proxies = proxies;
		this.proxySubject = proxySubject;
		this.certificateHeader = certificateHeader;
		this.chainHeader = chainHeader;
		this.certificates = certificates;
		this.facts = facts;
	}

	@Override
	public Decision resolve(HttpServletRequest request, AuthenticationPipeline pipeline) {
		String address = request.getRemoteAddr();
		if (!this.proxies.contains(address)) {
			if (carriesHeader(request)) {
				return pipeline.refuse(new Refusal(RefusalReason.UNTRUSTED_PROXY_HEADER,
						this.certificateHeader + " header from " + address + ", which is not a trusted proxy"),
						CertificateOrigin.proxy(address));
			}
			return pipeline.authenticate(handshakeChain(request), CertificateOrigin.DIRECT);
		}
		CertificateOrigin origin = this.certificates.revalidates() ? CertificateOrigin.proxy(address)
				: CertificateOrigin.validatingProxy(address);
		X509Certificate[] proxyChain = handshakeChain(request);
		// The proxy's own TLS certificate must never pass for the client's.
		request.removeAttribute(CERTIFICATE_ATTRIBUTE);
		if (this.proxySubject != null && !isTrustedProxyCertificate(proxyChain)) {
			return pipeline.refuse(new Refusal(RefusalReason.UNTRUSTED_PROXY_HEADER,
					"the proxy at " + address + " did not present a TLS certificate matching trusted-proxy-dn"), origin);
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
