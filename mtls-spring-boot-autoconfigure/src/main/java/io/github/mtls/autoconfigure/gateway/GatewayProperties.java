package io.github.mtls.autoconfigure.gateway;

import java.util.ArrayList;
import java.util.List;

import io.github.mtls.proxy.HeaderFormat;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring Cloud Gateway as the mTLS edge ({@code mtls.gateway.*}).
 */
@ConfigurationProperties("mtls.gateway")
public class GatewayProperties {

	/**
	 * Request headers a client could use to pass off a certificate, removed from every request before
	 * it is routed. Defaults to the default header names of every proxy format; the headers the gateway
	 * forwards are removed whatever this list says.
	 */
	private List<String> removedHeaders = new ArrayList<>(List.of("Client-Cert", "Client-Cert-Chain",
			"X-Forwarded-Client-Cert", "X-SSL-Client-Cert", "X-Forwarded-Tls-Client-Cert", "X-Amzn-Mtls-Clientcert"));

	/** Whether the accepted client certificate is forwarded to the backend on every route. */
	private boolean forwardCertificate = true;

	/**
	 * How the accepted client certificate is forwarded: rfc9440 (Client-Cert and Client-Cert-Chain) or
	 * xfcc (x-forwarded-client-cert). The backend reads it with the same mtls.proxy.header-format.
	 */
	private HeaderFormat forwardFormat = HeaderFormat.RFC9440;

	public List<String> getRemovedHeaders() {
		return this.removedHeaders;
	}

	public void setRemovedHeaders(List<String> removedHeaders) {
		this.removedHeaders = removedHeaders;
	}

	public boolean isForwardCertificate() {
		return this.forwardCertificate;
	}

	public void setForwardCertificate(boolean forwardCertificate) {
		this.forwardCertificate = forwardCertificate;
	}

	public HeaderFormat getForwardFormat() {
		return this.forwardFormat;
	}

	public void setForwardFormat(HeaderFormat forwardFormat) {
		this.forwardFormat = forwardFormat;
	}

}
