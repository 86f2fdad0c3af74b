package io.github.mtls.web.reactive;

import java.security.cert.X509Certificate;

import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestAttributes;

/**
 * The one request attribute Spring Security's JWT certificate-thumbprint validator reads: the
 * authenticated client certificate under the servlet name, from {@code RequestContextHolder}. That
 * validator is in every default JWT validator set since Spring Security 6.3 and knows only the
 * servlet request, so on WebFlux it refuses every certificate-bound token unless the certificate is
 * put where it looks, for as long as the token is decoded ({@link ServerBearerTokenAuthenticator}).
 */
final class CertificateRequestAttributes implements RequestAttributes {

	/** The attribute the validator reads, as a servlet container names it. */
	static final String CERTIFICATE = "jakarta.servlet.request.X509Certificate";

	private final X509Certificate[] certificate;

	CertificateRequestAttributes(X509Certificate certificate) {
		this.certificate = new X509Certificate[] { certificate };
	}

	@Override
	public @Nullable Object getAttribute(String name, int scope) {
		return (scope == SCOPE_REQUEST && CERTIFICATE.equals(name)) ? this.certificate.clone() : null;
	}

	@Override
	public void setAttribute(String name, Object value, int scope) {
		throw new UnsupportedOperationException("read-only");
	}

	@Override
	public void removeAttribute(String name, int scope) {
		throw new UnsupportedOperationException("read-only");
	}

	@Override
	public String[] getAttributeNames(int scope) {
		return (scope == SCOPE_REQUEST) ? new String[] { CERTIFICATE } : new String[0];
	}

	@Override
	public void registerDestructionCallback(String name, Runnable callback, int scope) {
		throw new UnsupportedOperationException("read-only");
	}

	@Override
	public @Nullable Object resolveReference(String key) {
		return null;
	}

	@Override
	public String getSessionId() {
		throw new UnsupportedOperationException("no session");
	}

	@Override
	public Object getSessionMutex() {
		throw new UnsupportedOperationException("no session");
	}

}
