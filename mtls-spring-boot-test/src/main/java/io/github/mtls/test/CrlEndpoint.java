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
 *
 * It can publish the CRLs of RFC 5280 that PKIs of government, defence and banking use:
 * <ul>
 * <li>{@link #withDeltas() delta CRLs}: the complete CRL at {@link #url()} becomes a base that names
 * {@link #deltaUrl()} in its freshestCRL extension, and the delta CRL served there lists what
 * changed since;</li>
 * <li>CRLs {@link #signedBy(TestCertificate) signed by a separate CRL signer}, a certificate with
 * the CA's name and another key;</li>
 * <li>{@link #indirectlyIssuedBy(TestCertificate) indirect CRLs}, issued in the name of another
 * authority, whose entries name the CA as certificateIssuer.</li>
 * </ul>
 */
public final class CrlEndpoint extends LoopbackServer {

	private static final String DELTA_PATH = "/delta.crl";

	private final Revocations revocations;

	private final AtomicInteger downloads = new AtomicInteger();

	private volatile Duration validity = Duration.ofDays(1);

	private volatile @Nullable Published published;

	private volatile @Nullable Published publishedDelta;

	private volatile @Nullable TestCertificate signer;

	private volatile @Nullable TestCertificate indirectIssuer;

	private volatile boolean deltas;

	private volatile @Nullable ResponderFault deltaFault;

	private CrlEndpoint(Revocations revocations) {
		super("/ca.crl");
		this.revocations = revocations;
		serve(DELTA_PATH);
	}

	/** Starts a CRL endpoint for the revocations of one CA on a free loopback port. */
	public static CrlEndpoint start(Revocations revocations) {
		return new CrlEndpoint(revocations);
	}

	/** How long each CRL is valid (nextUpdate - thisUpdate); one day by default. */
	public CrlEndpoint validity(Duration validity) {
		this.validity = validity;
		this.published = null;
		this.publishedDelta = null;
		return this;
	}

	/**
	 * Signs the CRLs with a separate CRL signer (RFC 5280 6.3.3 (f)) instead of the CA's own key:
	 * typically a certificate with the CA's subject, another key and the cRLSign key usage (see
	 * {@link TestCertificate#crlSigner(String)}), issued by the CA or by its root. A relying party
	 * needs that certificate: present it with the client's chain
	 * ({@link TestCertificate#presentedWith(TestCertificate...)}).
	 */
	public CrlEndpoint signedBy(TestCertificate signer) {
		this.signer = signer;
		this.published = null;
		this.publishedDelta = null;
		return this;
	}

	/**
	 * Publishes the CA's revocations as an indirect CRL (RFC 5280 5.2.5): issued in the name of
	 * {@code crlIssuer} and signed with its key, with an issuing distribution point that says
	 * indirectCRL, and every entry naming the CA in a certificateIssuer extension. Certificates of
	 * the CA point to it with
	 * {@link TestCertificate.Builder#crlDistributionPoint(String, String) a distribution point
	 * naming crlIssuer as cRLIssuer}.
	 */
	public CrlEndpoint indirectlyIssuedBy(TestCertificate crlIssuer) {
		this.indirectIssuer = crlIssuer;
		this.published = null;
		this.publishedDelta = null;
		return this;
	}

	/**
	 * Publishes delta CRLs from now on: the complete CRL at {@link #url()} is issued now, from the
	 * current revocations, and stays the base (it names {@link #deltaUrl()} in its freshestCRL
	 * extension) until {@link #publishBase()}; every revocation and release from hold after it
	 * appears in the delta CRL at {@link #deltaUrl()}.
	 */
	public CrlEndpoint withDeltas() {
		this.deltas = true;
		return publishBase();
	}

	/** Issues a new complete CRL, the base of the following delta CRLs. */
	public CrlEndpoint publishBase() {
		Instant now = this.clock.instant();
		this.published = new Published(this.revocations.version(),
				this.revocations.crl(now, now.plus(this.validity), null, issuance()));
		this.publishedDelta = null;
		return this;
	}

	/** Where the delta CRLs are published (see {@link #withDeltas()}). */
	public String deltaUrl() {
		return url(DELTA_PATH);
	}

	/** Makes the endpoint misbehave from now on; {@code null} heals it. */
	public CrlEndpoint fault(@Nullable ResponderFault fault) {
		this.fault = checked(fault);
		return this;
	}

	/**
	 * Makes the delta CRL alone misbehave from now on, while the complete CRL stays good: an
	 * {@link ResponderFault#EXPIRED expired} delta, or a delta CRL endpoint that is
	 * {@link ResponderFault#DOWN down}. {@code null} heals it.
	 */
	public CrlEndpoint deltaFault(@Nullable ResponderFault fault) {
		this.deltaFault = checked(fault);
		return this;
	}

	private static @Nullable ResponderFault checked(@Nullable ResponderFault fault) {
		if (fault == ResponderFault.OTHER_SERIAL || fault == ResponderFault.WRONG_NONCE) {
			throw new IllegalArgumentException(fault + " applies to OCSP only");
		}
		return fault;
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
		this.publishedDelta = null;
		return this;
	}

	/** How many times a CRL body, complete or delta, was sent (a 304 is a request, not a download). */
	public int downloads() {
		return this.downloads.get();
	}

	@Override
	String contentType() {
		return "application/pkix-crl";
	}

	@Override
	@Nullable ResponderFault faultFor(String path) {
		return DELTA_PATH.equals(path) ? this.deltaFault : this.fault;
	}

	@Override
	void answer(HttpExchange exchange, byte[] request, @Nullable ResponderFault fault) throws IOException {
		boolean delta = DELTA_PATH.equals(exchange.getRequestURI().getPath());
		if (delta && !this.deltas) {
			send(exchange, 404, "text/plain", new byte[0]);
			return;
		}
		Instant now = this.clock.instant();
		Integer base = delta ? currentBase().version() : null;
		byte[] crl;
		String etag;
		if (fault == ResponderFault.EXPIRED) {
			crl = this.revocations.crl(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), base, issuance());
			etag = "\"expired\"";
		}
		else if (fault == ResponderFault.WRONG_SIGNER) {
			TestCertificate impostor = TestCertificate.authority(this.revocations.issuer().subjectDn()).build();
			crl = this.revocations.crl(now, now.plus(this.validity), base,
					new Revocations.Issuance(impostor, this.indirectIssuer, null));
			etag = "\"impostor\"";
		}
		else if (delta) {
			Published current = this.publishedDelta;
			if (current == null || current.version() != this.revocations.version()) {
				current = new Published(this.revocations.version(),
						this.revocations.crl(now, now.plus(this.validity), base, issuance()));
				this.publishedDelta = current;
			}
			crl = current.der();
			etag = "\"d" + base + "-v" + current.version() + "\"";
		}
		else {
			Published current = currentBase();
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

	/** The complete CRL: the frozen base with deltas on, else the CRL of the current revocations. */
	private Published currentBase() {
		Published current = this.published;
		if (current == null || (!this.deltas && current.version() != this.revocations.version())) {
			Instant now = this.clock.instant();
			current = new Published(this.revocations.version(),
					this.revocations.crl(now, now.plus(this.validity), null, issuance()));
			this.published = current;
		}
		return current;
	}

	private Revocations.Issuance issuance() {
		TestCertificate indirect = this.indirectIssuer;
		TestCertificate signer = (indirect != null) ? indirect
				: (this.signer != null) ? this.signer : this.revocations.issuer();
		return new Revocations.Issuance(signer, indirect, this.deltas ? deltaUrl() : null);
	}

	private record Published(int version, byte[] der) {
	}

}
