package io.github.mtls.test;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.sun.net.httpserver.HttpExchange;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * An OCSP responder (RFC 6960) served over real HTTP on loopback, answering from
 * {@link Revocations}: good, revoked (with time and reason), or unknown for another issuer's
 * certificates. Responses are built and signed with Bouncy Castle, by the issuer unless
 * {@link #signedBy(TestCertificate) a delegated responder} is set, and echo the request's nonce.
 *
 * <pre>{@code
 * static final Revocations revocations = Revocations.of(pki.root());
 * static final OcspResponder ocsp = OcspResponder.start(revocations);
 * static final TestCertificate client = pki.client("CN=orders", (c) -> c.ocspUrl(ocsp.url()));
 * }</pre>
 *
 * {@link #fault(ResponderFault)} makes it misbehave; {@link #close()} takes it down for good.
 */
public final class OcspResponder extends LoopbackServer {

	private final Revocations revocations;

	private volatile TestCertificate signer;

	private volatile Duration validity = Duration.ofHours(1);

	private OcspResponder(Revocations revocations) {
		super("/ocsp");
		this.revocations = revocations;
		this.signer = revocations.issuer();
	}

	/** Starts a responder for the revocations of one CA on a free loopback port. */
	public static OcspResponder start(Revocations revocations) {
		return new OcspResponder(revocations);
	}

	/**
	 * Signs responses with {@code responder} (included in the response) instead of the issuer: a
	 * delegated responder when the issuer issued it with the OCSPSigning usage, else an impostor.
	 */
	public OcspResponder signedBy(TestCertificate responder) {
		this.signer = responder;
		return this;
	}

	/** How long each response is valid (nextUpdate - thisUpdate); one hour by default. */
	public OcspResponder validity(Duration validity) {
		this.validity = validity;
		return this;
	}

	/** Makes the responder misbehave from now on; {@code null} heals it. */
	public OcspResponder fault(@Nullable ResponderFault fault) {
		this.fault = fault;
		return this;
	}

	/** How long a {@link ResponderFault#SLOW slow} responder waits before it answers. */
	public OcspResponder slowDelay(Duration delay) {
		this.slowDelay = delay;
		return this;
	}

	/** The clock of thisUpdate and nextUpdate; the system clock by default. */
	public OcspResponder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	@Override
	String contentType() {
		return "application/ocsp-response";
	}

	@Override
	void answer(HttpExchange exchange, byte[] body, @Nullable ResponderFault fault) throws IOException {
		OCSPReq request;
		try {
			request = new OCSPReq(body);
		}
		catch (IOException | RuntimeException ex) {
			send(exchange, 400, "text/plain", "not an OCSP request".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			return;
		}
		try {
			send(exchange, 200, contentType(), respond(request, fault).getEncoded());
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	private OCSPResp respond(OCSPReq request, @Nullable ResponderFault fault) throws Exception {
		DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
		TestCertificate signer = (fault == ResponderFault.WRONG_SIGNER) ? impostor() : this.signer;
		BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
				new RespID(SubjectPublicKeyInfo.getInstance(signer.keyPair().getPublic().getEncoded()),
						digests.get(CertificateID.HASH_SHA1)));
		Instant now = this.clock.instant();
		Instant thisUpdate = (fault == ResponderFault.EXPIRED) ? now.minus(Duration.ofDays(2)) : now;
		Instant nextUpdate = (fault == ResponderFault.EXPIRED) ? now.minus(Duration.ofDays(1)) : now.plus(this.validity);
		X509CertificateHolder issuer = new JcaX509CertificateHolder(this.revocations.issuer().certificate());
		for (Req single : request.getRequestList()) {
			CertificateID id = single.getCertID();
			BigInteger serial = id.getSerialNumber();
			CertificateStatus status = CertificateStatus.GOOD;
			if (!id.matchesIssuer(issuer, digests)) {
				status = new UnknownStatus();
			}
			else if (this.revocations.isRevoked(serial)) {
				Revocations.Entry entry = this.revocations.entry(serial);
				status = new RevokedStatus(Date.from(entry.at()), entry.reason());
			}
			if (fault == ResponderFault.OTHER_SERIAL) {
				id = CertificateID.deriveCertificateID(id, serial.add(BigInteger.ONE));
			}
			builder.addResponse(id, status, Date.from(thisUpdate), Date.from(nextUpdate), null);
		}
		Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
		if (nonce != null) {
			if (fault == ResponderFault.WRONG_NONCE) {
				byte[] other = new byte[16];
				new SecureRandom().nextBytes(other);
				nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
						new DEROctetString(new DEROctetString(other).getEncoded()));
			}
			builder.setResponseExtensions(new Extensions(nonce));
		}
		X509CertificateHolder[] chain = (signer == this.revocations.issuer()) ? null
				: new X509CertificateHolder[] { new JcaX509CertificateHolder(signer.certificate()) };
		return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
				builder.build(signer.contentSigner(), chain, Date.from(now)));
	}

	private TestCertificate impostor() {
		return TestCertificate.authority(this.revocations.issuer().subjectDn()).build();
	}

}
