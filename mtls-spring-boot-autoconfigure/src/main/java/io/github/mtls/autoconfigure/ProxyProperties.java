package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.mtls.proxy.HeaderFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Client certificates forwarded by a TLS-terminating proxy ({@code mtls.proxy.*}).
 */
@ConfigurationProperties("mtls.proxy")
public class ProxyProperties {

	/** Whether client certificates are read from a trusted proxy's header instead of the TLS handshake. */
	private boolean enabled;

	/**
	 * How the proxy encodes the certificate: rfc9440, xfcc (Envoy/Istio), nginx, haproxy, traefik
	 * or aws-alb.
	 */
	private HeaderFormat headerFormat = HeaderFormat.RFC9440;

	/** Header carrying the client certificate. Defaults to the format's usual header. */
	private @Nullable String headerName;

	/**
	 * Header carrying the CA certificates of the client's chain, if the proxy sends them separately.
	 * Defaults to Client-Cert-Chain for rfc9440 and to none otherwise.
	 */
	private @Nullable String chainHeaderName;

	/**
	 * Addresses and CIDR ranges (IPv4 and IPv6) of the proxies allowed to forward certificates.
	 * Required when proxy mode is enabled. A forwarded header from any other source is refused.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Subject DN (RFC 4514) the proxy's own TLS client certificate must have, for proxies that
	 * connect to the application over mTLS.
	 */
	private @Nullable String trustedProxyDn;

	/**
	 * Whether the forwarded chain's path is validated again (RFC 5280, as in direct mode, at the request
	 * time) against the trust anchors of mtls.trust.bundle. Cannot be switched off for aws-alb.
	 */
	private boolean revalidateChain = true;

	/** Maximum number of certificates in a forwarded chain, leaf included. */
	private int maxChainLength = 5;

	/** Maximum size of the forwarded certificate headers of one request, together. */
	private DataSize maxHeaderSize = DataSize.ofKilobytes(32);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public HeaderFormat getHeaderFormat() {
		return this.headerFormat;
	}

	public void setHeaderFormat(HeaderFormat headerFormat) {
		this.headerFormat = headerFormat;
	}

	public @Nullable String getHeaderName() {
		return this.headerName;
	}

	public void setHeaderName(@Nullable String headerName) {
		this.headerName = headerName;
	}

	public @Nullable String getChainHeaderName() {
		return this.chainHeaderName;
	}

	public void setChainHeaderName(@Nullable String chainHeaderName) {
		this.chainHeaderName = chainHeaderName;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public @Nullable String getTrustedProxyDn() {
		return this.trustedProxyDn;
	}

	public void setTrustedProxyDn(@Nullable String trustedProxyDn) {
		this.trustedProxyDn = trustedProxyDn;
	}

	public boolean isRevalidateChain() {
		return this.revalidateChain;
	}

	public void setRevalidateChain(boolean revalidateChain) {
		this.revalidateChain = revalidateChain;
	}

	public int getMaxChainLength() {
		return this.maxChainLength;
	}

	public void setMaxChainLength(int maxChainLength) {
		this.maxChainLength = maxChainLength;
	}

	public DataSize getMaxHeaderSize() {
		return this.maxHeaderSize;
	}

	public void setMaxHeaderSize(DataSize maxHeaderSize) {
		this.maxHeaderSize = maxHeaderSize;
	}

}
