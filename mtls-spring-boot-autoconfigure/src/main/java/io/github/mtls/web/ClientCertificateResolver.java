package io.github.mtls.web;

import java.security.cert.X509Certificate;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Decision;
import io.github.mtls.core.PresentedChain;

/**
 * Finds a request's client certificate chain and hands it to the pipeline. Direct mode reads the
 * chain of the TLS handshake; proxy mode replaces this bean to read a trusted proxy's header.
 */
@FunctionalInterface
public interface ClientCertificateResolver {

	/** The servlet request attribute where the servlet container puts the handshake's chain. */
	String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	/**
	 * Decides the request's client authentication.
	 * @param request the request
	 * @param pipeline the decision function to delegate to
	 * @return the decision
	 */
	Decision resolve(HttpServletRequest request, AuthenticationPipeline pipeline);

	/** Direct mode: the chain the servlet container validated in the TLS handshake. */
	static ClientCertificateResolver direct() {
		return (request, pipeline) -> pipeline.authenticate(
				PresentedChain.direct((X509Certificate[]) request.getAttribute(CERTIFICATE_ATTRIBUTE)));
	}

}
