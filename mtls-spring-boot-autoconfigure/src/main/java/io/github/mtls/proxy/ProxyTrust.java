package io.github.mtls.proxy;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.PresentedChain;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFactsCache;
import org.jspecify.annotations.Nullable;

/**
 * Proxy mode's trust rules, the same on every web stack. Trust in the sender is established before
 * any header is read:
 * <ol>
 * <li>the connection's peer address must be one of the {@link TrustedProxies}; a forwarded header
 * from anywhere else is refused as {@code untrusted_proxy_header}, and a request from elsewhere
 * without one is taken as in direct mode (its own TLS handshake, if any);</li>
 * <li>when a proxy DN is configured, the proxy's own TLS client certificate must carry it;</li>
 * <li>the headers are decoded and re-validated by {@link ForwardedCertificates}.</li>
 * </ol>
 * The peer is never judged by {@code X-Forwarded-For}: a web server that may have rewritten the
 * remote address from it must say the peer is unknown, and then nothing is trusted (fail closed).
 */
public final class ProxyTrust {

	private final TrustedProxies proxies;

	private final @Nullable String proxySubject;

	private final String certificateHeader;

	private final @Nullable String chainHeader;

	private final ForwardedCertificates certificates;

	private final CertificateFactsCache facts;

	/**
	 * Creates the rules.
	 * @param proxies the trusted proxy addresses
	 * @param proxySubject the canonical subject DN ({@code Names.canonical}) the proxy's TLS client
	 * certificate must have, or {@code null} not to require one
	 * @param certificateHeader the header carrying the client certificate
	 * @param chainHeader the header carrying its CA certificates, or {@code null}
	 * @param certificates decodes and re-validates the headers
	 * @param facts the facts cache, to read the proxy certificate's subject once per certificate
	 */
	public ProxyTrust(TrustedProxies proxies, @Nullable String proxySubject, String certificateHeader,
			@Nullable String chainHeader, ForwardedCertificates certificates, CertificateFactsCache facts) {
		this.proxies = proxies;
		this.proxySubject = proxySubject;
		this.certificateHeader = certificateHeader;
		this.chainHeader = chainHeader;
		this.certificates = certificates;
		this.facts = facts;
	}

	/**
	 * What the request presents: the forwarded chain of a trusted proxy, the request's own handshake
	 * chain when it comes from elsewhere without a forwarded header, or a refusal.
	 */
	public PresentedChain present(ProxiedRequest request) {
		String peer = request.peerAddress();
		if (peer == null || !this.proxies.contains(peer)) {
			if (carriesHeader(request)) {
				String from = (peer != null) ? peer + ", which is not a trusted proxy"
						: "an unknown peer (a forward-headers strategy rewrites the remote address and the server "
								+ "did not record the peer)";
				return PresentedChain.refused(
						new Refusal(RefusalReason.UNTRUSTED_PROXY_HEADER, this.certificateHeader + " header from " + from),
						CertificateOrigin.proxy((peer != null) ? peer : "unknown"));
			}
			return PresentedChain.direct(request.handshakeChain());
		}
		CertificateOrigin origin = this.certificates.revalidates() ? CertificateOrigin.proxy(peer)
				: CertificateOrigin.validatingProxy(peer);
		if (this.proxySubject != null && !isTrustedProxyCertificate(request.handshakeChain())) {
			return PresentedChain.refused(new Refusal(RefusalReason.UNTRUSTED_PROXY_HEADER,
					"the proxy at " + peer + " did not present a TLS certificate matching trusted-proxy-dn"), origin);
		}
		ForwardedHeaders headers = new ForwardedHeaders(request.headers(this.certificateHeader),
				(this.chainHeader != null) ? request.headers(this.chainHeader) : List.of());
		ForwardedChain forwarded = this.certificates.resolve(headers);
		if (forwarded instanceof ForwardedChain.Present present) {
			// A pinned client's header, once accepted: out of reach of a flood of strangers' headers.
			return PresentedChain.forwarded(present.chain(), origin, () -> this.certificates.admit(headers));
		}
		if (forwarded instanceof ForwardedChain.Refused refused) {
			return PresentedChain.refused(refused.refusal(), origin);
		}
		return PresentedChain.forwarded(null, origin, () -> {
		});
	}

	/** The header carrying the client certificate. */
	public String certificateHeader() {
		return this.certificateHeader;
	}

	/** Whether forwarded chains are validated again by the application. */
	public boolean revalidates() {
		return this.certificates.revalidates();
	}

	private boolean carriesHeader(ProxiedRequest request) {
		return !request.headers(this.certificateHeader).isEmpty()
				|| (this.chainHeader != null && !request.headers(this.chainHeader).isEmpty());
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

}
