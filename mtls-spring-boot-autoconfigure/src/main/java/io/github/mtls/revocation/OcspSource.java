package io.github.mtls.revocation;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Asks an OCSP responder (RFC 6960) about one certificate and accepts only an answer it can
 * verify: signed by the issuer, by a responder certificate the issuer delegated with the
 * OCSPSigning extended key usage, or by the pinned {@code ocsp.responder-certificate}; about the
 * certificate asked for; current by its thisUpdate/nextUpdate; and echoing the nonce when one was
 * sent.
 */
final class OcspSource {

	/** Clock skew tolerated between this server and the responder. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

	/** OCSP responses are a few kilobytes; anything this large is not one. */
	static final long MAX_RESPONSE_SIZE = 256 * 1024;

	private static final SecureRandom random = new SecureRandom();

	private final RevocationHttpClient http;

	private final RevocationSettings settings;

	private final Clock clock;

	private final DigestCalculatorProvider digests;

	OcspSource(RevocationHttpClient http, RevocationSettings settings, Clock clock) {
		this.http = http;
		this.settings = settings;
		this.clock = clock;
		try {
			this.digests = new JcaDigestCalculatorProviderBuilder().build();
		}
		catch (OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	RevocationStatus check(RevocationTarget target, URI url, Duration timeout) throws RevocationSourceException {
		CertificateID id;
		byte[] nonce = null;
		byte[] request;
		try {
			id = new CertificateID(this.digests.get(CertificateID.HASH_SHA1),
					new JcaX509CertificateHolder(target.issuer()), target.certificate().getSerialNumber());
			OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
			if (this.settings.ocspNonce()) {
				byte[] value = new byte[16];
				random.nextBytes(value);
				// RFC 8954: the extension value is an OCTET STRING holding the nonce.
				nonce = new DEROctetString(value).getEncoded();
				builder.setRequestExtensions(new Extensions(
						new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce))));
			}
			OCSPReq ocspRequest = builder.build();
			request = ocspRequest.getEncoded();
		}
		catch (OCSPException | OperatorCreationException | GeneralSecurityException | IOException ex) {
			throw new RevocationSourceException("cannot build the OCSP request", ex);
		}
		RevocationHttpClient.Response response = this.http.post(url, "application/ocsp-request", request,
				MAX_RESPONSE_SIZE, timeout);
		if (response.status() != 200) {
			throw new RevocationSourceException("HTTP " + response.status());
		}
		return verify(target, id, nonce, response.body(), url);
	}

	private RevocationStatus verify(RevocationTarget target, CertificateID id, byte @Nullable [] nonce, byte[] body,
			URI url) throws RevocationSourceException {
		BasicOCSPResp basic;
		try {
			OCSPResp ocsp = new OCSPResp(body);
			if (ocsp.getStatus() != OCSPResp.SUCCESSFUL) {
				throw new RevocationSourceException("OCSP response status " + ocsp.getStatus());
			}
			if (!(ocsp.getResponseObject() instanceof BasicOCSPResp basicResponse)) {
				throw new RevocationSourceException("not a basic OCSP response");
			}
			basic = basicResponse;
		}
		catch (IOException | OCSPException | RuntimeException ex) {
			throw new RevocationSourceException("unreadable OCSP response", ex);
		}
		Instant now = this.clock.instant();
		verifySigner(basic, target.issuer(), now);
		if (nonce != null) {
			Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
			if (echoed == null || !Arrays.equals(echoed.getExtnValue().getOctets(), nonce)) {
				throw new RevocationSourceException("the response does not echo the request nonce");
			}
		}
		SingleResp single = null;
		for (SingleResp candidate : basic.getResponses()) {
			if (candidate.getCertID().equals(id)) {
				single = candidate;
				break;
			}
		}
		if (single == null) {
			throw new RevocationSourceException("the response is not about the certificate asked for");
		}
		Instant thisUpdate = single.getThisUpdate().toInstant();
		if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
			throw new RevocationSourceException("thisUpdate " + thisUpdate + " is in the future");
		}
		Instant maxFresh = now.plus(this.settings.cacheMaxTtl());
		Instant freshUntil = maxFresh;
		if (single.getNextUpdate() != null) {
			Instant nextUpdate = single.getNextUpdate().toInstant();
			if (!nextUpdate.plus(CLOCK_SKEW).isAfter(now)) {
				throw new RevocationSourceException("expired: nextUpdate " + nextUpdate);
			}
			freshUntil = nextUpdate.plus(CLOCK_SKEW).isBefore(maxFresh) ? nextUpdate.plus(CLOCK_SKEW) : maxFresh;
		}
		else if (thisUpdate.plus(this.settings.cacheMaxTtl()).isBefore(now)) {
			// RFC 6960 4.2.2.1: without nextUpdate, newer information is always available;
			// an old pre-produced answer is not current.
			throw new RevocationSourceException("stale: thisUpdate " + thisUpdate + " and no nextUpdate");
		}
		Object status = single.getCertStatus();
		if (status == org.bouncycastle.cert.ocsp.CertificateStatus.GOOD) {
			return new RevocationStatus(RevocationStatus.State.GOOD, "ocsp", url.toString(), now, freshUntil, null,
					null);
		}
		if (status instanceof RevokedStatus revoked) {
			String reason = revoked.hasRevocationReason() ? RevocationStatus.reasonName(revoked.getRevocationReason())
					: "unspecified";
			return new RevocationStatus(RevocationStatus.State.REVOKED, "ocsp", url.toString(), now, freshUntil,
					revoked.getRevocationTime().toInstant(), reason);
		}
		if (status instanceof UnknownStatus) {
			throw new RevocationSourceException("the responder does not know the certificate");
		}
		throw new RevocationSourceException("unrecognised certificate status");
	}

	/**
	 * RFC 6960 4.2.2.2: the response is signed by the issuer itself, or by a responder certificate
	 * that the issuer signed and marked with id-kp-OCSPSigning; or, by configuration, by a pinned
	 * responder certificate.
	 */
	private void verifySigner(BasicOCSPResp basic, X509Certificate issuer, Instant now)
			throws RevocationSourceException {
		List<PublicKey> signers = new ArrayList<>();
		signers.add(issuer.getPublicKey());
		X509Certificate pinned = this.settings.ocspResponderCertificate();
		if (pinned != null) {
			signers.add(pinned.getPublicKey());
		}
		for (X509CertificateHolder holder : basic.getCerts()) {
			if (isDelegatedResponder(holder, issuer, now)) {
				try {
					signers.add(new JcaX509CertificateConverter().getCertificate(holder).getPublicKey());
				}
				catch (GeneralSecurityException ex) {
					// Not usable; the response must then be signed by another key.
				}
			}
		}
		for (PublicKey key : signers) {
			try {
				if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
					return;
				}
			}
			catch (OCSPException | OperatorCreationException | RuntimeException ex) {
				// Try the next candidate key.
			}
		}
		throw new RevocationSourceException("the response is not signed by the issuer or an authorised responder");
	}

	private static boolean isDelegatedResponder(X509CertificateHolder holder, X509Certificate issuer, Instant now) {
		try {
			if (!holder.getIssuer().equals(org.bouncycastle.asn1.x500.X500Name
				.getInstance(issuer.getSubjectX500Principal().getEncoded()))) {
				return false;
			}
			if (!holder.isValidOn(Date.from(now))) {
				return false;
			}
			org.bouncycastle.asn1.x509.ExtendedKeyUsage usage = org.bouncycastle.asn1.x509.ExtendedKeyUsage
				.fromExtensions(holder.getExtensions());
			if (usage == null || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
				return false;
			}
			return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()));
		}
		catch (Exception ex) {
			return false;
		}
	}

}
