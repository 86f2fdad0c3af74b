package io.github.mtls.test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Extension;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRLs a {@link CrlEndpoint} publishes, read back over HTTP with the JDK's CRL parser. */
class CrlEndpointTests {

	static final TestPki pki = TestPki.shared();

	@Test
	void withDeltasTheBaseStaysAndTheDeltaListsWhatChangedSinceIt() throws Exception {
		Revocations revocations = Revocations.of(pki.root());
		TestCertificate onHold = pki.client("CN=on hold");
		TestCertificate revokedLater = pki.client("CN=revoked later");
		revocations.hold(onHold);
		try (CrlEndpoint endpoint = CrlEndpoint.start(revocations).withDeltas()) {
			int base = revocations.version();
			revocations.revoke(revokedLater).release(onHold);
			X509CRL complete = get(endpoint.url());
			X509CRL delta = get(endpoint.deltaUrl());
			assertThat(number(complete, Extension.cRLNumber)).isEqualTo(base);
			assertThat(complete.getRevokedCertificate(onHold.certificate())).isNotNull();
			assertThat(complete.getRevokedCertificate(revokedLater.certificate())).isNull();
			assertThat(CRLDistPoint.getInstance(extension(complete, Extension.freshestCRL)).toString())
				.contains(endpoint.deltaUrl());
			assertThat(number(delta, Extension.deltaCRLIndicator)).isEqualTo(base);
			assertThat(number(delta, Extension.cRLNumber)).isEqualTo(revocations.version());
			assertThat(delta.getRevokedCertificate(revokedLater.certificate())).isNotNull();
			assertThat(reason(delta.getRevokedCertificate(onHold.certificate()))).isEqualTo(CRLReason.removeFromCRL);
			delta.verify(pki.root().keyPair().getPublic());
		}
	}

	@Test
	void separateSignerSignsTheCrlsOfTheCaInTheCasName() throws Exception {
		TestCertificate signer = TestCertificate.crlSigner(pki.root().subjectDn()).signedBy(pki.root()).build();
		try (CrlEndpoint endpoint = CrlEndpoint.start(Revocations.of(pki.root())).signedBy(signer)) {
			X509CRL crl = get(endpoint.url());
			assertThat(crl.getIssuerX500Principal()).isEqualTo(pki.root().certificate().getSubjectX500Principal());
			crl.verify(signer.keyPair().getPublic());
			assertThat(signer.certificate().getKeyUsage()[6]).isTrue();
		}
	}

	@Test
	void indirectCrlNamesTheCaOfEachEntryAsCertificateIssuer() throws Exception {
		TestCertificate crlIssuer = TestCertificate.crlSigner("CN=Indirect CRL Issuer").signedBy(pki.root()).build();
		Revocations revocations = Revocations.of(pki.root());
		TestCertificate revoked = pki.client("CN=revoked");
		revocations.revoke(revoked);
		try (CrlEndpoint endpoint = CrlEndpoint.start(revocations).indirectlyIssuedBy(crlIssuer)) {
			X509CRL crl = get(endpoint.url());
			assertThat(crl.getIssuerX500Principal()).isEqualTo(crlIssuer.certificate().getSubjectX500Principal());
			assertThat(IssuingDistributionPoint.getInstance(extension(crl, Extension.issuingDistributionPoint))
				.isIndirectCRL()).isTrue();
			crl.verify(crlIssuer.keyPair().getPublic());
			X509CRLEntry entry = crl.getRevokedCertificates().iterator().next();
			assertThat(entry.getSerialNumber()).isEqualTo(revoked.certificate().getSerialNumber());
			assertThat(entry.getCertificateIssuer()).isEqualTo(pki.root().certificate().getSubjectX500Principal());
		}
	}

	@Test
	void certificateNamesACrlIssuerAndAFreshestCrlAndIsPresentedWithItsSigner() throws Exception {
		TestCertificate signer = TestCertificate.crlSigner("CN=Indirect CRL Issuer").signedBy(pki.root()).build();
		TestCertificate client = pki.client("CN=client",
				(c) -> c.crlDistributionPoint("http://crl.test/indirect.crl", "CN=Indirect CRL Issuer")
					.freshestCrl("http://crl.test/delta.crl"))
			.presentedWith(signer);
		String points = CRLDistPoint.getInstance(extension(client.certificate(), Extension.cRLDistributionPoints))
			.toString();
		assertThat(points).contains("http://crl.test/indirect.crl").contains("CN=Indirect CRL Issuer");
		assertThat(CRLDistPoint.getInstance(extension(client.certificate(), Extension.freshestCRL)).toString())
			.contains("http://crl.test/delta.crl");
		assertThat(client.chain()).containsExactly(client.certificate(), signer.certificate());
	}

	private static X509CRL get(String url) throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(response.body()));
	}

	private static ASN1Primitive extension(X509Extension holder, ASN1ObjectIdentifier oid)
			throws Exception {
		return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(holder.getExtensionValue(oid.getId())).getOctets());
	}

	private static int number(X509CRL crl, ASN1ObjectIdentifier oid) throws Exception {
		BigInteger number = ASN1Integer.getInstance(extension(crl, oid)).getValue();
		return number.intValueExact();
	}

	private static int reason(X509CRLEntry entry) throws Exception {
		return CRLReason.getInstance(extension(entry, Extension.reasonCode)).getValue().intValueExact();
	}

}
