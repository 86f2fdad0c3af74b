package io.github.mtls.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.jspecify.annotations.Nullable;

/**
 * What a CRL covers and how it relates to other CRLs, from its extensions (RFC 5280 5.2).
 *
 * @param number the cRLNumber, when present
 * @param baseNumber the BaseCRLNumber of a delta CRL; {@code null} for a complete CRL
 * @param pointNames the names of the issuing distribution point (canonical, see {@link #name}),
 * or {@code null} when the CRL names none
 * @param onlyUserCerts onlyContainsUserCerts
 * @param onlyCaCerts onlyContainsCACerts
 * @param onlyAttributeCerts onlyContainsAttributeCerts
 * @param reasons the reasons covered (onlySomeReasons, as {@link ReasonFlags} bits), {@link #ALL_REASONS}
 * when absent
 * @param indirect indirectCRL: entries may be for certificates of other issuers
 * @param point the DER of the issuing distribution point extension (empty when absent): a delta CRL
 * must have the same as its base
 * @param freshest locations of delta CRLs (freshestCRL)
 */
public record CrlScope(@Nullable BigInteger number, @Nullable BigInteger baseNumber, @Nullable Set<String> pointNames,
		boolean onlyUserCerts, boolean onlyCaCerts, boolean onlyAttributeCerts, int reasons, boolean indirect,
		byte[] point, List<URI> freshest) {

	/** Every reason of RFC 5280 5.3.1 that a CRL can cover (unused excluded). */
	public static final int ALL_REASONS = ReasonFlags.keyCompromise | ReasonFlags.cACompromise
			| ReasonFlags.affiliationChanged | ReasonFlags.superseded | ReasonFlags.cessationOfOperation
			| ReasonFlags.certificateHold | ReasonFlags.privilegeWithdrawn | ReasonFlags.aACompromise;

	static final CrlScope NONE = new CrlScope(null, null, null, false, false, false, ALL_REASONS, false, new byte[0],
			List.of());

	/** Whether this is a delta CRL. */
	public boolean delta() {
		return this.baseNumber != null;
	}

	/** Whether a delta CRL has the same scope as this complete one (RFC 5280 5.2.4). */
	boolean sameScope(CrlScope other) {
		return Arrays.equals(this.point, other.point);
	}

	/**
	 * Reads the CRL extensions.
	 * @throws RevocationSourceException on an unknown critical extension: such a CRL must not be used
	 */
	static CrlScope of(Extensions extensions, X500Principal issuer) throws RevocationSourceException, IOException {
		BigInteger number = null;
		BigInteger baseNumber = null;
		Set<String> pointNames = null;
		boolean onlyUser = false;
		boolean onlyCa = false;
		boolean onlyAttribute = false;
		int reasons = ALL_REASONS;
		boolean indirect = false;
		byte[] point = new byte[0];
		List<URI> freshest = new ArrayList<>();
		for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
			Extension extension = extensions.getExtension(oid);
			if (Extension.cRLNumber.equals(oid)) {
				number = ASN1Integer.getInstance(extension.getParsedValue()).getValue();
			}
			else if (Extension.deltaCRLIndicator.equals(oid)) {
				baseNumber = ASN1Integer.getInstance(extension.getParsedValue()).getValue();
			}
			else if (Extension.issuingDistributionPoint.equals(oid)) {
				IssuingDistributionPoint idp = IssuingDistributionPoint.getInstance(extension.getParsedValue());
				point = extension.getExtnValue().getOctets();
				if (idp.getDistributionPoint() != null) {
					pointNames = names(idp.getDistributionPoint(), issuer);
				}
				onlyUser = idp.onlyContainsUserCerts();
				onlyCa = idp.onlyContainsCACerts();
				onlyAttribute = idp.onlyContainsAttributeCerts();
				indirect = idp.isIndirectCRL();
				if (idp.getOnlySomeReasons() != null) {
					reasons = idp.getOnlySomeReasons().intValue() & ALL_REASONS;
				}
			}
			else if (Extension.freshestCRL.equals(oid)) {
				for (DistributionPoint delta : CRLDistPoint.getInstance(extension.getParsedValue())
					.getDistributionPoints()) {
					freshest.addAll(locations(delta));
				}
			}
			else if (extension.isCritical() && !Extension.authorityKeyIdentifier.equals(oid)
					&& !Extension.issuerAlternativeName.equals(oid)) {
				throw new RevocationSourceException("unsupported critical CRL extension " + oid.getId());
			}
		}
		return new CrlScope(number, baseNumber, pointNames, onlyUser, onlyCa, onlyAttribute, reasons, indirect, point,
				List.copyOf(freshest));
	}

	/**
	 * The full names of a distribution point name; a name relative to the CRL issuer is appended to
	 * {@code relativeTo} (RFC 5280 4.2.1.13).
	 */
	static Set<String> names(DistributionPointName name, X500Principal relativeTo) {
		Set<String> names = new LinkedHashSet<>();
		if (name.getType() == DistributionPointName.FULL_NAME) {
			for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
				names.add(name(general));
			}
		}
		else {
			X500Name base = X500Name.getInstance(relativeTo.getEncoded());
			RDN[] rdns = Arrays.copyOf(base.getRDNs(), base.getRDNs().length + 1);
			rdns[rdns.length - 1] = RDN.getInstance(name.getName());
			names.add(name(new GeneralName(new X500Name(rdns))));
		}
		return names;
	}

	/** A general name in a form that compares as RFC 5280 compares names. */
	static String name(GeneralName name) {
		try {
			return switch (name.getTagNo()) {
				case GeneralName.directoryName ->
					"dn:" + Names.canonical(new X500Principal(name.getName().toASN1Primitive().getEncoded()));
				case GeneralName.uniformResourceIdentifier, GeneralName.dNSName, GeneralName.rfc822Name ->
					name.getTagNo() + ":" + name.getName().toString().toLowerCase(Locale.ROOT);
				default -> name.getTagNo() + ":" + HexFormat.of().formatHex(name.getEncoded());
			};
		}
		catch (IOException | IllegalArgumentException ex) {
			return "?";
		}
	}

	/** The directory name among {@code names}, or {@code null}. */
	static @Nullable X500Principal directoryName(GeneralNames names) throws IOException {
		for (GeneralName name : names.getNames()) {
			if (name.getTagNo() == GeneralName.directoryName) {
				return new X500Principal(name.getName().toASN1Primitive().getEncoded());
			}
		}
		return null;
	}

	/** The HTTP(S) URLs of a distribution point's full name. */
	static List<URI> locations(DistributionPoint point) {
		List<URI> urls = new ArrayList<>();
		DistributionPointName name = point.getDistributionPoint();
		if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
			for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
				addHttp(urls, general);
			}
		}
		return urls;
	}

	/** Adds {@code name} to {@code urls} when it is an HTTP(S) URL not listed yet. */
	static void addHttp(List<URI> urls, GeneralName name) {
		if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
			return;
		}
		try {
			URI uri = URI.create(name.getName().toString());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			// LDAP and other schemes are skipped: only HTTP(S) is fetched.
			if ((scheme.equals("http") || scheme.equals("https")) && !urls.contains(uri)) {
				urls.add(uri);
			}
		}
		catch (IllegalArgumentException ex) {
			// An unparseable URL is no source; the certificate may have others.
		}
	}

}
