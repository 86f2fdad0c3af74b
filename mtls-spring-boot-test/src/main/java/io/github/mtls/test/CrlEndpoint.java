package io.github.mtls.test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * A CRL distribution point served over real HTTP on loopback: the current CRL of
 * {@link Revocations}, signed by the issuer with Bouncy Castle, with an {@code ETag} so that a
 * conditional GET of an unchanged CRL gets a 304 and no body.
 *
 * <pre>{@code
 * static final CrlEndpoint crl = CrlEndpoint.start(revocations);
 * static final TestCertificate client = pki.client("CN=orders", (c) -> c.crlUrl(crl.url()));
 * }</pre>
 */
public final class CrlEndpoint extends LoopbackServer {

	private final Revocations revocations;

	private final AtomicInteger downloads = new AtomicInteger();

	private volatile Duration validity = Duration.ofDays(1);

	private volatile @Nullable Published published;

	private CrlEndpoint(Revocations revocations) {
		super("/ca.crl");
		this.revocations = revocations;
	}

	/** Starts a CRL endpoint for the revocations of one CA on a free loopback port. */
	public static CrlEndpoint start(Revocations revocations) {
		return new CrlEndpoint(revocations);
	}

	/** How long each CRL is valid (nextUpdate - thisUpdate); one day by default. */
	public CrlEndpoint validity(Duration validity) {
		this.validity = validity;
		this.published = null;
		return this;
	}

	/** Makes the endpoint misbehave from now on; {@code null} heals it. */
	public CrlEndpoint fault(@Nullable ResponderFault fault) {
		if (fault == ResponderFault.OTHER_SERIAL || fault == ResponderFault.WRONG_NONCE) {
			throw new IllegalArgumentException(fault + " applies to OCSP only");
		}
		this.fault = fault;
		return this;
	}

	/** How long a {@link ResponderFault#SLOW slow} endpoint waits before it answers. */
	public CrlEndpoint slowDelay(Duration delay) {
		this.slowDelay = delay;
		return this;
	}

	/** The clock of thisUpdate and nextUpdate; the system clock by default. */
	public CrlEndpoint clock(Clock clock) {
		this.clock = clock;
		this.published = null;
		return this;
	}

	/** How many times the CRL body was sent (a 304 is a request, not a download). */
	public int downloads() {
		return this.downloads.get();
	}

	@Override
	String contentType() {
		return "application/pkix-crl";
	}

	@Override
	void answer(HttpExchange exchange, byte[] request, @Nullable ResponderFault fault) throws IOException {
		Instant now = this.clock.instant();
		byte[] crl;
		String etag;
		if (fault == ResponderFault.EXPIRED) {
			crl = this.revocations.crl(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
			etag = "\"expired\"";
		}
		else if (fault == ResponderFault.WRONG_SIGNER) {
			crl = this.revocations.crl(now, now.plus(this.validity),
					TestCertificate.authority(this.revocations.issuer().subjectDn()).build());
			etag = "\"impostor\"";
		}
		else {
			Published current = this.published;
			if (current == null || current.version() != this.revocations.version()) {
				current = new Published(this.revocations.version(),
						this.revocations.crl(now, now.plus(this.validity)));
				this.published = current;
			}
			crl = current.der();
			etag = "\"v" + current.version() + "\"";
		}
		exchange.getResponseHeaders().set("ETag", etag);
		if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
			exchange.sendResponseHeaders(304, -1);
			return;
		}
		this.downloads.incrementAndGet();
		send(exchange, 200, contentType(), crl);
	}

	private record Published(int version, byte[] der) {
	}

}
