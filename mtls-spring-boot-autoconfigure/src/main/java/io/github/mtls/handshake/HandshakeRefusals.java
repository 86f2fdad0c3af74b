package io.github.mtls.handshake;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Decision;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the TLS handshake's refusals of client certificates through the pipeline's own path:
 * every refusal reaches the {@link io.github.mtls.core.DecisionListener decision listeners} (the
 * {@code mtls.authentications} counter, the Actuator's activity and {@code unmatched} list); the log
 * line and the authentication failure event are written once per distinct certificate and reason,
 * so a client retrying with its expired certificate cannot flood the log.
 */
public final class HandshakeRefusals {

	/**
	 * Distinct certificate and reason pairs remembered as already logged: a 64-character fingerprint
	 * and a reference each, well under 200 KB in all. Beyond it the least used are logged again.
	 */
	static final int REMEMBERED = 1024;

	private final AuthenticationPipeline pipeline;

	private final Consumer<Decision.Refused> firstSeen;

	private final Cache<Seen, Boolean> seen = Caffeine.newBuilder()
		.maximumSize(REMEMBERED)
		.executor(Runnable::run)
		.build();

	/**
	 * Creates the publisher.
	 * @param pipeline the pipeline whose log line and listeners every refusal goes through
	 * @param firstSeen told of a certificate and reason not seen before (the authentication event)
	 */
	public HandshakeRefusals(AuthenticationPipeline pipeline, Consumer<Decision.Refused> firstSeen) {
		this.pipeline = pipeline;
		this.firstSeen = firstSeen;
	}

	/**
	 * Publishes the handshake's refusal of {@code chain}.
	 * @param chain the chain the client presented, leaf first
	 * @param failure what the bundle's trust manager threw
	 * @param peer the client's address, when the TLS engine knows it
	 */
	public void refused(X509Certificate[] chain, CertificateException failure, @Nullable String peer) {
		Refusal refusal = HandshakeFailures.refusal(failure, peer);
		boolean first = this.seen.asMap().putIfAbsent(new Seen(fingerprint(chain[0]), refusal.reason()),
				Boolean.TRUE) == null;
		Decision.Refused refused = this.pipeline.refuseHandshake(chain, refusal, first);
		if (first) {
			this.firstSeen.accept(refused);
		}
	}

	private static String fingerprint(X509Certificate certificate) {
		try {
			return CertificateFacts.sha256(certificate);
		}
		catch (CertificateEncodingException ex) {
			return "unencodable";
		}
	}

	private record Seen(String sha256, RefusalReason reason) {
	}

}
