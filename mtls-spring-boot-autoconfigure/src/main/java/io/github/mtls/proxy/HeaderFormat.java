package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.util.List;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;

/**
 * How a TLS-terminating proxy encodes the client certificate in a header, with the header names
 * each proxy uses by default.
 */
public enum HeaderFormat {

	/** RFC 9440 {@code Client-Cert} / {@code Client-Cert-Chain}: structured-field byte sequences of DER. */
	RFC9440("Client-Cert", "Client-Cert-Chain", new Rfc9440Decoder()),

	/** Envoy and Istio {@code x-forwarded-client-cert}: URL-encoded PEM in the last element's {@code Cert} and {@code Chain}. */
	XFCC("x-forwarded-client-cert", null, new XfccDecoder()),

	/** nginx {@code $ssl_client_escaped_cert}: URL-encoded PEM of the leaf. */
	NGINX("X-SSL-Client-Cert", null, new EscapedPemDecoder()),

	/** HAProxy {@code %[ssl_c_der,base64]}: base64 DER of the leaf; chain as {@code %[ssl_c_chain_der,base64]}. */
	HAPROXY("X-SSL-Client-Cert", null, new Base64DerDecoder()),

	/** Traefik {@code X-Forwarded-Tls-Client-Cert}: URL-escaped base64 DER per certificate, comma-separated. */
	TRAEFIK("X-Forwarded-Tls-Client-Cert", null, new TraefikDecoder()),

	/**
	 * AWS Application Load Balancer {@code X-Amzn-Mtls-Clientcert}: URL-encoded PEM chain. In
	 * passthrough mode the load balancer verifies nothing, so the chain is always re-validated.
	 */
	AWS_ALB("X-Amzn-Mtls-Clientcert", null, new EscapedPemDecoder());

	private final String certificateHeader;

	private final @Nullable String chainHeader;

	private final CertificateHeaderDecoder decoder;

	HeaderFormat(String certificateHeader, @Nullable String chainHeader, CertificateHeaderDecoder decoder) {
		this.certificateHeader = certificateHeader;
		this.chainHeader = chainHeader;
		this.decoder = decoder;
	}

	/** The header carrying the client certificate unless {@code mtls.proxy.header-name} overrides it. */
	public String certificateHeader() {
		return this.certificateHeader;
	}

	/** The header carrying the CA certificates, when the format has a separate one by default. */
	public @Nullable String chainHeader() {
		return this.chainHeader;
	}

	/** Whether the proxy may forward certificates it never verified, so the app must re-validate. */
	public boolean forwardsUnverified() {
		return this == AWS_ALB;
	}

	/**
	 * Decodes forwarded headers. Never throws: anything that is not exactly this format is a
	 * {@code malformed_certificate_header} refusal.
	 * @param headers the header lines
	 * @return the chain, {@link ForwardedChain#ABSENT} or a refusal
	 */
	public ForwardedChain decode(ForwardedHeaders headers) {
		try {
			List<X509Certificate> chain = this.decoder.decode(headers);
			return chain.isEmpty() ? ForwardedChain.ABSENT
					: new ForwardedChain.Present(chain.toArray(X509Certificate[]::new));
		}
		catch (MalformedHeaderException ex) {
			return malformed(ex.getMessage());
		}
		catch (RuntimeException ex) {
			// Defence in depth: no input may escape as a 500.
			return malformed("undecodable (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private ForwardedChain malformed(@Nullable String detail) {
		return new ForwardedChain.Refused(new Refusal(RefusalReason.MALFORMED_CERTIFICATE_HEADER,
				name().toLowerCase(java.util.Locale.ROOT) + " header: " + detail));
	}

}
