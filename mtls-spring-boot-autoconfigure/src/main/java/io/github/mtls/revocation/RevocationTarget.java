package io.github.mtls.revocation;

import java.math.BigInteger;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import io.github.mtls.core.LogText;
import org.jspecify.annotations.Nullable;

/**
 * One certificate to check, with its issuer and the places its status can come from. Derived once
 * per certificate; its {@link #id() id} is the cache key.
 *
 * @param id issuer key and serial: the cache key
 * @param certificate the certificate
 * @param issuer the certificate of its issuer (from the chain or the trust anchors)
 * @param label short text for logs: serial and issuer
 * @param ocspUrls OCSP responders, in order
 * @param crlLocations CRL URLs and files, in order
 * @param deltaLocations delta CRL URLs the certificate names (freshestCRL)
 * @param candidates the certificates that may have signed a CRL for it: its validated path, the
 * other certificates presented with it, and the anchor
 * @param anchor the anchor of its validated path, which a CRL signer's path must end in too;
 * {@code null} when the application did not validate the path
 * @param sourced whether the mode has any source to ask (precomputed: read on every request)
 */
record RevocationTarget(Id id, X509Certificate certificate, X509Certificate issuer, String label, List<URI> ocspUrls,
		List<URI> crlLocations, List<URI> deltaLocations, List<X509Certificate> candidates,
		@Nullable X509Certificate anchor, boolean sourced) {

	static RevocationTarget of(X509Certificate certificate, X509Certificate issuer,
			List<X509Certificate> candidates, @Nullable X509Certificate anchor, RevocationSettings settings)
			throws RevocationSourceException {
		List<URI> ocsp = ocspUrls(certificate, settings);
		List<URI> crls = crlLocations(certificate, settings);
		List<URI> deltas = points(certificate, Extension.freshestCRL);
		BigInteger serial = certificate.getSerialNumber();
		// The issuer's name is the client's claim (a chain's CA certificates come from the client): escaped once here.
		String label = "serial " + serial.toString(16) + " of \""
				+ LogText.escape(issuer.getSubjectX500Principal().getName()) + "\"";
		Id id = new Id(keyId(issuer), serial);
		boolean sourced = sourced(ocsp, crls, settings.mode());
		RevocationTarget target = new RevocationTarget(id, certificate, issuer, label, List.copyOf(ocsp),
				List.copyOf(crls), deltas, List.copyOf(candidates), anchor, sourced);
		id.target = target;
		return target;
	}

	/**
	 * Whether the mode has any source to ask about {@code certificate}: derived from the certificate
	 * and the configuration alone, before its issuer is known.
	 */
	static boolean hasSource(X509Certificate certificate, RevocationSettings settings)
			throws RevocationSourceException {
		return sourced(ocspUrls(certificate, settings), crlLocations(certificate, settings), settings.mode());
	}

	private static boolean sourced(List<URI> ocsp, List<URI> crls, RevocationMode mode) {
		boolean sourced = false;
		for (RevocationMode.SourceKind kind : mode.order()) {
			sourced |= !((kind == RevocationMode.SourceKind.OCSP) ? ocsp : crls).isEmpty();
		}
		return sourced;
	}

	private static List<URI> ocspUrls(X509Certificate certificate, RevocationSettings settings)
			throws RevocationSourceException {
		return (settings.ocspResponderUrl() != null) ? List.of(settings.ocspResponderUrl())
				: aiaOcspUrls(certificate);
	}

	private static List<URI> crlLocations(X509Certificate certificate, RevocationSettings settings)
			throws RevocationSourceException {
		List<URI> crls = new ArrayList<>(points(certificate, Extension.cRLDistributionPoints));
		for (URI url : settings.crlUrls()) {
			if (!crls.contains(url)) {
				crls.add(url);
			}
		}
		settings.crlFiles().forEach((file) -> crls.add(file.toUri()));
		return crls;
	}

	/** SHA-256 of the issuer's public key, hex: identifies the issuer across renewals of its certificate. */
	private static String keyId(X509Certificate issuer) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<URI> aiaOcspUrls(X509Certificate certificate) throws RevocationSourceException {
		List<URI> urls = new ArrayList<>();
		ASN1Primitive value = extension(certificate, Extension.authorityInfoAccess);
		if (value != null) {
			try {
				for (AccessDescription description : AuthorityInformationAccess.getInstance(value)
					.getAccessDescriptions()) {
					if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())) {
						CrlScope.addHttp(urls, description.getAccessLocation());
					}
				}
			}
			catch (RuntimeException ex) {
				throw unreadable(certificate, Extension.authorityInfoAccess);
			}
		}
		return urls;
	}

	/** The HTTP(S) locations of the distribution points in a CRLDistributionPoints-shaped extension. */
	private static List<URI> points(X509Certificate certificate, ASN1ObjectIdentifier oid)
			throws RevocationSourceException {
		List<URI> urls = new ArrayList<>();
		ASN1Primitive value = extension(certificate, oid);
		if (value != null) {
			try {
				for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
					for (URI url : CrlScope.locations(point)) {
						if (!urls.contains(url)) {
							urls.add(url);
						}
					}
				}
			}
			catch (RuntimeException ex) {
				throw unreadable(certificate, oid);
			}
		}
		return urls;
	}

	/**
	 * The extension's value, or {@code null} when the certificate has none. An extension that is
	 * there but cannot be read names sources nobody can ask: that is an unknown status (the failure
	 * policy decides), never "names no revocation source", which would let it through unchecked.
	 */
	private static @Nullable ASN1Primitive extension(X509Certificate certificate, ASN1ObjectIdentifier oid)
			throws RevocationSourceException {
		byte[] encoded = certificate.getExtensionValue(oid.getId());
		if (encoded == null) {
			return null;
		}
		try {
			return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(encoded).getOctets());
		}
		catch (java.io.IOException | RuntimeException ex) {
			throw unreadable(certificate, oid);
		}
	}

	private static RevocationSourceException unreadable(X509Certificate certificate, ASN1ObjectIdentifier oid) {
		String name = Extension.cRLDistributionPoints.equals(oid) ? "CRL distribution points"
				: Extension.freshestCRL.equals(oid) ? "freshest CRL" : "authority information access";
		return new RevocationSourceException("the " + name + " extension of serial "
				+ certificate.getSerialNumber().toString(16) + " is unreadable");
	}

	/**
	 * The cache key: issuer key and serial. The target rides along so that the cache loader can
	 * reach it, but takes no part in equality.
	 */
	static final class Id {

		private final String issuerKey;

		private final BigInteger serial;

		private final int hash;

		private @Nullable RevocationTarget target;

		Id(String issuerKey, BigInteger serial) {
			this.issuerKey = issuerKey;
			this.serial = serial;
			this.hash = 31 * issuerKey.hashCode() + serial.hashCode();
		}

		RevocationTarget target() {
			return Objects.requireNonNull(this.target);
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other || (other instanceof Id id && this.hash == id.hash && this.serial.equals(id.serial)
					&& this.issuerKey.equals(id.issuerKey));
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
