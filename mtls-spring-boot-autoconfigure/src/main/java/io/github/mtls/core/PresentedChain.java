package io.github.mtls.core;

import java.security.cert.X509Certificate;

import org.jspecify.annotations.Nullable;

/**
 * What a request presents to the pipeline, whatever the web stack: the client's chain and how it
 * arrived, or a refusal decided before any chain was read (a forwarded header from an untrusted
 * peer). Each web adapter only turns its request into one of these, passes it to
 * {@link AuthenticationPipeline#authenticate(PresentedChain)} and renders the {@link Decision}.
 *
 * @param chain the chain, leaf first; {@code null} or empty when none was presented
 * @param origin how the chain arrived
 * @param refusal a refusal decided before the chain was read, or {@code null}
 * @param onAccepted run once the chain is accepted (a forwarded header moves out of reach of
 * strangers' headers)
 */
public record PresentedChain(X509Certificate @Nullable [] chain, CertificateOrigin origin, @Nullable Refusal refusal,
		Runnable onAccepted) {

	private static final Runnable NOTHING = () -> {
	};

	/** The chain of this server's own TLS handshake. */
	public static PresentedChain direct(X509Certificate @Nullable [] chain) {
		return new PresentedChain(chain, CertificateOrigin.DIRECT, null, NOTHING);
	}

	/** A chain forwarded by a trusted proxy. */
	public static PresentedChain forwarded(X509Certificate @Nullable [] chain, CertificateOrigin origin,
			Runnable onAccepted) {
		return new PresentedChain(chain, origin, null, onAccepted);
	}

	/** A request refused before its chain was read. */
	public static PresentedChain refused(Refusal refusal, CertificateOrigin origin) {
		return new PresentedChain(null, origin, refusal, NOTHING);
	}

}
