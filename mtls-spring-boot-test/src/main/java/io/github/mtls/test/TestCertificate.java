package io.github.mtls.test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A certificate and its private key, made in memory for a test. Build one with
 * {@link #authority(String)}, {@link #server(String)} or {@link #client(String)}:
 *
 * <pre>{@code
 * TestCertificate root = TestCertificate.authority("CN=Test Root CA").build();
 * TestCertificate orders = TestCertificate.client("CN=orders").sanUri("spiffe://acme/orders").signedBy(root).build();
 * }</pre>
 *
 * Certificates follow RFC 5280's profile (key identifiers, critical basic constraints, keyCertSign
 * exactly in CA certificates) unless a test asks to break it ({@link Builder#noKeyIdentifiers()},
 * {@link Builder#rawExtension}, {@link Builder#version1()}, {@link Builder#versionWithExtensions},
 * {@link Builder#duplicateExtension}). Defaults just work: P-256 keys, valid from one day ago for {@value #DEFAULT_VALIDITY_DAYS} days (well
 * beyond the starter's default expiry warning threshold of 30 days), clientAuth or serverAuth
 * extended key usage, digitalSignature key usage. Every edge a test may need can be asked for:
 * expired, not yet valid, other key usages, a CA flag, RSA keys, any subject alternative name.
 */
public final class TestCertificate {

	/** Days a certificate is valid by default, counted from one day before it is made. */
	public static final int DEFAULT_VALIDITY_DAYS = 90;

	private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

	private final X509Certificate certificate;

	private final KeyPair keyPair;

	private final @Nullable TestCertificate issuer;

	private final List<X509Certificate> extraCertificates;

	private TestCertificate(X509Certificate certificate, KeyPair keyPair, @Nullable TestCertificate issuer,
			List<X509Certificate> extraCertificates) {
		this.certificate = certificate;
		this.keyPair = keyPair;
		this.issuer = issuer;
		this.extraCertificates = extraCertificates;
	}

	/** A certificate authority (self-signed unless {@link Builder#signedBy signed by} another). */
	public static Builder authority(String subjectDn) {
		return new Builder(subjectDn).certificateAuthority(-1)
			.keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
			.noExtendedKeyUsage();
	}

	/**
	 * A CA renewed with a new key and the same subject, as in a CA key rollover: certificates it
	 * signs name the same issuer, yet chain only to the renewed CA. Self-signed unless signed by
	 * another, like {@link #authority}.
	 */
	public Builder renewedWithNewKey() {
		return authority(subjectDn());
	}

	/**
	 * A CRL signing certificate (RFC 5280 6.3.3 (f)): key usage cRLSign alone, no CA flag, no
	 * extended key usage. Give it the CA's subject and sign it with the CA or its root to make a
	 * separate CRL signer for {@link CrlEndpoint#signedBy(TestCertificate)}, or another subject to make
	 * an indirect CRL issuer for {@link CrlEndpoint#indirectlyIssuedBy(TestCertificate)}.
	 */
	public static Builder crlSigner(String subjectDn) {
		return new Builder(subjectDn).keyUsage(KeyUsage.cRLSign).noExtendedKeyUsage();
	}

	/** A TLS server certificate for a host name, with the name as DNS SAN (and IP SAN for literals). */
	public static Builder server(String host) {
		Builder builder = new Builder("CN=" + host).extendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
		return isIpLiteral(host) ? builder.sanIp(host) : builder.sanDns(host);
	}

	/** A TLS client certificate with the given subject DN (RFC 4514) and the clientAuth usage. */
	public static Builder client(String subjectDn) {
		return new Builder(subjectDn).extendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
	}

	/**
	 * A large self-signed client certificate of no known CA, as an attacker would mint by the
	 * thousand to fill a server's memory: {@code dnsNames} DNS names of 20 characters (about 25 DER
	 * bytes each, so 640 names make about 16 KB) and a fresh serial number. Reusing one key pair
	 * keeps it cheap: a few milliseconds each.
	 * @param keyPair the key pair to certify and sign with
	 * @param dnsNames how many DNS subject alternative names to include
	 */
	public static TestCertificate stranger(KeyPair keyPair, int dnsNames) {
		Builder builder = client("CN=stranger,O=Elsewhere").keyPair(keyPair);
		String tag = Long.toString(SERIALS.incrementAndGet(), 36);
		for (int i = 0; i < dnsNames; i++) {
			builder.sanDns(String.format("h%05d-%s.example.org", i, tag).substring(0, 20));
		}
		return builder.build();
	}

	public X509Certificate certificate() {
		return this.certificate;
	}

	/** A signer with this certificate's key, for what it issues: certificates, CRLs, OCSP responses. */
	ContentSigner contentSigner() throws OperatorCreationException {
		return Builder.contentSigner(this.keyPair);
	}

	public PrivateKey privateKey() {
		return this.keyPair.getPrivate();
	}

	public KeyPair keyPair() {
		return this.keyPair;
	}

	/** The issuing certificate, or {@code null} when self-signed. */
	public @Nullable TestCertificate issuer() {
		return this.issuer;
	}

	/** The root of this certificate's chain (itself when self-signed). */
	public TestCertificate root() {
		return (this.issuer != null) ? this.issuer.root() : this;
	}

	/**
	 * This certificate followed by its issuers, up to but excluding the self-signed root, then the
	 * certificates it is {@link #presentedWith presented with}.
	 */
	public List<X509Certificate> chain() {
		List<X509Certificate> chain = new ArrayList<>();
		for (TestCertificate c = this; c != null; c = c.issuer) {
			if (c.issuer != null || c == this) {
				chain.add(c.certificate);
			}
		}
		chain.addAll(this.extraCertificates);
		return Collections.unmodifiableList(chain);
	}

	/**
	 * The same certificate and key, presented with more certificates after its chain: for example
	 * the certificate of a separate CRL signer, which a relying party needs to verify the CRL and
	 * has no other way to find.
	 * <pre>{@code
	 * TestCertificate client = pki.client("CN=orders", (c) -> c.crlUrl(crl.url())).presentedWith(crlSigner);
	 * }</pre>
	 * @param certificates the certificates to send after the chain, in this order
	 * @return a certificate whose {@link #chain()} (and so its TLS handshakes, key stores and PEMs)
	 * ends with them
	 */
	public TestCertificate presentedWith(TestCertificate... certificates) {
		List<X509Certificate> extra = new ArrayList<>(this.extraCertificates);
		for (TestCertificate certificate : certificates) {
			extra.add(certificate.certificate);
		}
		return new TestCertificate(this.certificate, this.keyPair, this.issuer, List.copyOf(extra));
	}

	/** Lowercase hex SHA-256 of the DER certificate, as for {@code mtls.identities.*.fingerprint-sha256}. */
	public String sha256() {
		return HexFormat.of().formatHex(digest(encoded(this.certificate)));
	}

	/** Base64 SHA-256 of the SubjectPublicKeyInfo, as for {@code mtls.identities.*.spki-sha256}. */
	public String spkiSha256() {
		return Base64.getEncoder().encodeToString(digest(this.keyPair.getPublic().getEncoded()));
	}

	/** Lowercase hex serial number, as for {@code mtls.identities.*.serial}. */
	public String serialHex() {
		return this.certificate.getSerialNumber().toString(16);
	}

	/** The subject in RFC 2253 form. */
	public String subjectDn() {
		return this.certificate.getSubjectX500Principal().getName();
	}

	public String certificatePem() {
		return pem(this.certificate);
	}

	/** The PEM of {@link #chain()}: leaf first. */
	public String chainPem() {
		return pem(chain().toArray(X509Certificate[]::new));
	}

	/** The private key as PKCS#8 PEM. */
	public String privateKeyPem() {
		try {
			return pem(new JcaPKCS8Generator(this.keyPair.getPrivate(), null).generate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A PKCS#12 key store holding this certificate's key and chain under the alias {@code key}. */
	public KeyStore keyStore(char[] password) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("key", this.keyPair.getPrivate(), password,
					chain().toArray(X509Certificate[]::new));
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A trust store holding only this certificate. */
	public KeyStore trustStore() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", this.certificate);
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A Spring Boot {@link SslBundle} that presents this certificate (key alias {@code key}) and
	 * trusts only its root, for clients or servers built from Spring's SSL support.
	 */
	public SslBundle sslBundle() {
		String password = "test";
		return SslBundle.of(SslStoreBundle.of(keyStore(password.toCharArray()), password, root().trustStore()),
				SslBundleKey.of(password, "key"));
	}

	/** The issuer's subject in RFC 2253 form (the subject itself when self-signed). */
	public String issuerDn() {
		return this.certificate.getIssuerX500Principal().getName();
	}

	/** The DNS subject alternative names, as for {@code mtls.identities.*.san-dns}. */
	public List<String> sanDns() {
		return subjectAlternativeNames(GeneralName.dNSName);
	}

	/** The URI subject alternative names, as for {@code mtls.identities.*.san-uri}. */
	public List<String> sanUri() {
		return subjectAlternativeNames(GeneralName.uniformResourceIdentifier);
	}

	/** The email subject alternative names, as for {@code mtls.identities.*.san-email}. */
	public List<String> sanEmail() {
		return subjectAlternativeNames(GeneralName.rfc822Name);
	}

	/** The IP address subject alternative names, as for {@code mtls.identities.*.san-ip}. */
	public List<String> sanIp() {
		return subjectAlternativeNames(GeneralName.iPAddress);
	}

	private List<String> subjectAlternativeNames(int tag) {
		try {
			Collection<List<?>> names = this.certificate.getSubjectAlternativeNames();
			if (names == null) {
				return List.of();
			}
			return names.stream()
				.filter((name) -> ((Integer) name.get(0)) == tag)
				.map((name) -> (String) name.get(1))
				.toList();
		}
		catch (CertificateParsingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "TestCertificate[" + subjectDn() + "]";
	}

	/**
	 * The PEM of certificates made elsewhere (a partner's CA, a conformance suite), concatenated
	 * in the given order.
	 * @param certificates the certificates, e.g. a chain leaf first
	 * @return one {@code CERTIFICATE} block per certificate
	 */
	public static String pem(X509Certificate... certificates) {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : certificates) {
			pem.append(pem((Object) certificate));
		}
		return pem.toString();
	}

	static String pem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] digest(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isIpLiteral(String host) {
		return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
	}

	/** Builds a {@link TestCertificate}. */
	public static final class Builder {

		private final String subjectDn;

		private final List<GeneralName> subjectAlternativeNames = new ArrayList<>();

		private @Nullable TestCertificate issuer;

		private Instant notBefore = Instant.now().minus(Duration.ofDays(1));

		private Instant notAfter = this.notBefore.plus(Duration.ofDays(DEFAULT_VALIDITY_DAYS));

		private int pathLength = -2;

		private int keyUsage = KeyUsage.digitalSignature;

		private List<KeyPurposeId> extendedKeyUsages = new ArrayList<>();

		private @Nullable KeyPair keyPair;

		private boolean keyIdentifiers = true;

		private int rsaBits;

		private @Nullable BigInteger serial;

		private @Nullable String ocspUrl;

		private @Nullable String caIssuersUrl;

		private final List<DistributionPoint> crlDistributionPoints = new ArrayList<>();

		private final List<String> freshestCrlUrls = new ArrayList<>();

		private final List<GeneralSubtree> permittedSubtrees = new ArrayList<>();

		private final List<GeneralSubtree> excludedSubtrees = new ArrayList<>();

		private final List<Extension> rawExtensions = new ArrayList<>();

		private final List<String> policies = new ArrayList<>();

		private int version = 3;

		private final List<ASN1ObjectIdentifier> duplicatedExtensions = new ArrayList<>();

		private Builder(String subjectDn) {
			this.subjectDn = subjectDn;
		}

		/** Signs with {@code issuer}'s key, so that the certificate chains to it. */
		public Builder signedBy(TestCertificate issuer) {
			this.issuer = issuer;
			return this;
		}

		public Builder sanDns(String name) {
			return san(GeneralName.dNSName, name);
		}

		/** A URI SAN, for example a SPIFFE ID such as {@code spiffe://acme.test/orders}. */
		public Builder sanUri(String uri) {
			return san(GeneralName.uniformResourceIdentifier, uri);
		}

		public Builder sanEmail(String email) {
			return san(GeneralName.rfc822Name, email);
		}

		public Builder sanIp(String address) {
			return san(GeneralName.iPAddress, address);
		}

		private Builder san(int tag, String value) {
			this.subjectAlternativeNames.add(new GeneralName(tag, value));
			return this;
		}

		public Builder validity(Instant notBefore, Instant notAfter) {
			this.notBefore = notBefore;
			this.notAfter = notAfter;
			return this;
		}

		/** Valid from now for the given duration. */
		public Builder validFor(Duration duration) {
			Instant now = Instant.now();
			return validity(now.minus(Duration.ofMinutes(5)), now.plus(duration));
		}

		/** Expired yesterday. */
		public Builder expired() {
			Instant now = Instant.now();
			return validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
		}

		/** Valid from tomorrow. */
		public Builder notYetValid() {
			Instant now = Instant.now();
			return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
		}

		/** Marks the certificate as a CA; {@code pathLength} -1 means unlimited. */
		public Builder certificateAuthority(int pathLength) {
			this.pathLength = pathLength;
			return this;
		}

		/** Key usage bits from {@link KeyUsage}; 0 leaves the extension out. */
		public Builder keyUsage(int keyUsage) {
			this.keyUsage = keyUsage;
			return this;
		}

		/** Replaces the extended key usages. */
		public Builder extendedKeyUsage(KeyPurposeId... usages) {
			this.extendedKeyUsages = new ArrayList<>(List.of(usages));
			return this;
		}

		/**
		 * Replaces the extended key usages with key purposes given as dotted OIDs, such as a
		 * private purpose {@code 1.3.6.1.4.1.99999.1} or anyExtendedKeyUsage {@code 2.5.29.37.0}.
		 */
		public Builder extendedKeyUsage(String... oids) {
			List<KeyPurposeId> usages = new ArrayList<>();
			for (String oid : oids) {
				usages.add(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)));
			}
			this.extendedKeyUsages = usages;
			return this;
		}

		/** Leaves the key usage extension out. */
		public Builder noKeyUsage() {
			return keyUsage(0);
		}

		/**
		 * Replaces the extended key usages with serverAuth alone: a certificate that a server must
		 * not accept from a client.
		 */
		public Builder serverAuthOnly() {
			return extendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
		}

		/** Leaves the extended key usage extension out. */
		public Builder noExtendedKeyUsage() {
			this.extendedKeyUsages = new ArrayList<>();
			return this;
		}

		/** Uses an RSA key of the given size instead of P-256. */
		public Builder rsa(int bits) {
			this.rsaBits = bits;
			return this;
		}

		/** Reuses a key pair, as a renewal with the same key does. */
		public Builder keyPair(KeyPair keyPair) {
			this.keyPair = keyPair;
			return this;
		}

		public Builder serial(BigInteger serial) {
			this.serial = serial;
			return this;
		}

		/** Adds an Authority Information Access OCSP URL. */
		public Builder ocspUrl(String url) {
			this.ocspUrl = url;
			return this;
		}

		/**
		 * Adds an Authority Information Access caIssuers URL (RFC 5280 4.2.2.1): where a relying
		 * party may fetch this certificate's issuer (see {@link CaIssuersEndpoint}).
		 */
		public Builder caIssuersUrl(String url) {
			this.caIssuersUrl = url;
			return this;
		}

		/** Adds a CRL distribution point URL. */
		public Builder crlUrl(String url) {
			this.crlDistributionPoints.add(new DistributionPoint(fullName(url), null, null));
			return this;
		}

		/**
		 * Adds a CRL distribution point whose CRL is issued by someone else than this certificate's
		 * issuer (RFC 5280 4.2.1.13, {@code cRLIssuer}): an indirect CRL, for example one published
		 * by {@link CrlEndpoint#indirectlyIssuedBy(TestCertificate)}.
		 * @param url where the CRL is published
		 * @param crlIssuerDn the subject of the CRL issuer (RFC 4514)
		 * @return this builder
		 */
		public Builder crlDistributionPoint(String url, String crlIssuerDn) {
			this.crlDistributionPoints.add(new DistributionPoint(fullName(url), null,
					new GeneralNames(new GeneralName(X500Name.getInstance(new X500Principal(crlIssuerDn).getEncoded())))));
			return this;
		}

		/**
		 * Adds a freshest CRL URL (RFC 5280 4.2.1.15): where the delta CRLs that complete this
		 * certificate's CRL are published, for example {@link CrlEndpoint#deltaUrl()}.
		 * @return this builder
		 */
		public Builder freshestCrl(String url) {
			this.freshestCrlUrls.add(url);
			return this;
		}

		private static DistributionPointName fullName(String url) {
			return new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url)));
		}

		/**
		 * Adds a permitted directory-name subtree to a critical name constraints extension (RFC
		 * 5280 4.2.1.10): a CA limited to the names under {@code dn}, for example {@code O=Acme}.
		 * @param dn the base of the subtree (RFC 4514)
		 * @return this builder
		 */
		public Builder permittedSubtree(String dn) {
			this.permittedSubtrees.add(directorySubtree(dn));
			return this;
		}

		/**
		 * Adds an excluded directory-name subtree to a critical name constraints extension: a CA
		 * that must not vouch for any name under {@code dn}.
		 * @param dn the base of the subtree (RFC 4514)
		 * @return this builder
		 */
		public Builder excludedSubtree(String dn) {
			this.excludedSubtrees.add(directorySubtree(dn));
			return this;
		}

		/**
		 * Adds a permitted DNS subtree to a critical name constraints extension: {@code acme.test}
		 * permits it and every name below it.
		 * @param domain the DNS domain
		 * @return this builder
		 */
		public Builder permittedDns(String domain) {
			this.permittedSubtrees.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain)));
			return this;
		}

		/**
		 * Adds an excluded DNS subtree to a critical name constraints extension: {@code evil.test}
		 * excludes it and every name below it.
		 * @param domain the DNS domain
		 * @return this builder
		 */
		public Builder excludedDns(String domain) {
			this.excludedSubtrees.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain)));
			return this;
		}

		/**
		 * Adds a certificate policies extension (RFC 5280 4.2.1.4) asserting the given policies.
		 * @param oids dotted policy OIDs, e.g. {@code 1.3.6.1.4.1.99999.1}; {@code 2.5.29.32.0} is
		 * anyPolicy
		 * @return this builder
		 */
		public Builder policies(String... oids) {
			this.policies.addAll(List.of(oids));
			return this;
		}

		/**
		 * Adds an extension with exactly these value bytes, replacing the one of the same OID the
		 * builder would add: for certificates with an unreadable extension, for example
		 * {@code rawExtension(Extension.extendedKeyUsage, false, new byte[] { 0x30, 0x05, 0x06 })}.
		 * @param oid the extension's OID
		 * @param critical whether it is marked critical
		 * @param value the extension value (the content of its OCTET STRING), well-formed or not
		 * @return this builder
		 */
		public Builder rawExtension(ASN1ObjectIdentifier oid, boolean critical, byte[] value) {
			this.rawExtensions.add(new Extension(oid, critical, new DEROctetString(value)));
			return this;
		}

		/**
		 * Leaves out the subject and authority key identifiers, as some legacy CAs do (RFC 5280
		 * 4.2.1.1 and 4.2.1.2 require them): an issuer is then recognised by its signature alone, and
		 * only {@code mtls.trust.profile=compatible} accepts the certificate.
		 * @return this builder
		 */
		public Builder noKeyIdentifiers() {
			this.keyIdentifiers = false;
			return this;
		}

		/**
		 * A version 1 certificate: no extensions at all, as legacy roots are made. RFC 5280 lets a
		 * v1 certificate be a trust anchor only through {@code mtls.trust.profile=compatible}, since
		 * it carries neither basic constraints nor key identifiers.
		 * @return this builder
		 */
		public Builder version1() {
			this.version = 1;
			return this;
		}

		/**
		 * Writes version 1 or 2 into a certificate that keeps every extension the builder adds:
		 * extensions only in a version 3 certificate (RFC 5280 4.1.2.1), a structure only a test
		 * should make.
		 * @param version 1 or 2
		 * @return this builder
		 */
		public Builder versionWithExtensions(int version) {
			if (version != 1 && version != 2) {
				throw new IllegalArgumentException("version must be 1 or 2, not " + version);
			}
			this.version = -version;
			return this;
		}

		/**
		 * Repeats the extension with this OID (one the builder adds), which RFC 5280 4.2 forbids;
		 * Bouncy Castle's builders refuse it, so the encoding is written here.
		 * @param oid the OID of an extension the certificate carries
		 * @return this builder
		 */
		public Builder duplicateExtension(ASN1ObjectIdentifier oid) {
			this.duplicatedExtensions.add(oid);
			return this;
		}

		private static GeneralSubtree directorySubtree(String dn) {
			return new GeneralSubtree(new GeneralName(X500Name.getInstance(new X500Principal(dn).getEncoded())));
		}

		public TestCertificate build() {
			try {
				KeyPair keys = (this.keyPair != null) ? this.keyPair : generateKeyPair(this.rsaBits);
				X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
					.generateCertificate(new java.io.ByteArrayInputStream(encode(keys)));
				return new TestCertificate(certificate, keys, this.issuer, List.of());
			}
			catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
				throw new IllegalStateException("Cannot build test certificate " + this.subjectDn
						+ ((this.version < 0 || !this.duplicatedExtensions.isEmpty()) ? " (use encoded())" : ""), ex);
			}
		}

		/**
		 * The DER encoding of the certificate, for structures no {@link X509Certificate} parser
		 * accepts ({@link #versionWithExtensions}, {@link #duplicateExtension}: the JDK's and Bouncy
		 * Castle's refuse both), to send as a peer would, for example in a forwarded header.
		 * @return the DER bytes, signed by the issuer
		 */
		public byte[] encoded() {
			try {
				return encode((this.keyPair != null) ? this.keyPair : generateKeyPair(this.rsaBits));
			}
			catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
				throw new IllegalStateException("Cannot encode test certificate " + this.subjectDn, ex);
			}
		}

		private byte[] encode(KeyPair keys) throws GeneralSecurityException, IOException, OperatorCreationException {
			X500Principal subject = new X500Principal(this.subjectDn);
			X500Principal issuerName = (this.issuer != null)
					? this.issuer.certificate.getSubjectX500Principal() : subject;
			KeyPair signingKeys = (this.issuer != null) ? this.issuer.keyPair : keys;
			BigInteger serialNumber = (this.serial != null) ? this.serial
					: BigInteger.valueOf(SERIALS.incrementAndGet()).shiftLeft(16)
						.or(BigInteger.valueOf(new SecureRandom().nextInt(0xffff)));
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serialNumber,
					java.util.Date.from(this.notBefore), java.util.Date.from(this.notAfter), subject,
					keys.getPublic());
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			if (this.keyIdentifiers) {
				builder.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(keys.getPublic()));
			}
			if (this.issuer != null && this.keyIdentifiers
					&& this.issuer.certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId()) != null) {
				builder.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(this.issuer.certificate));
			}
			if (this.pathLength != -2) {
				builder.addExtension(Extension.basicConstraints, true, (this.pathLength >= 0)
						? new BasicConstraints(this.pathLength) : new BasicConstraints(true));
			}
			if (this.keyUsage != 0) {
				// RFC 5280 4.2.1.9: keyCertSign exactly when cA (rawExtension makes a certificate that breaks it).
				int usage = (this.pathLength != -2) ? (this.keyUsage | KeyUsage.keyCertSign)
						: (this.keyUsage & ~KeyUsage.keyCertSign);
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
			}
			if (!this.extendedKeyUsages.isEmpty()) {
				builder.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(this.extendedKeyUsages.toArray(KeyPurposeId[]::new)));
			}
			if (!this.subjectAlternativeNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(this.subjectAlternativeNames.toArray(GeneralName[]::new)));
			}
			List<AccessDescription> access = new ArrayList<>();
			if (this.ocspUrl != null) {
				access.add(new AccessDescription(AccessDescription.id_ad_ocsp,
						new GeneralName(GeneralName.uniformResourceIdentifier, this.ocspUrl)));
			}
			if (this.caIssuersUrl != null) {
				access.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
						new GeneralName(GeneralName.uniformResourceIdentifier, this.caIssuersUrl)));
			}
			if (!access.isEmpty()) {
				builder.addExtension(Extension.authorityInfoAccess, false,
						new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
			}
			if (!this.crlDistributionPoints.isEmpty()) {
				builder.addExtension(Extension.cRLDistributionPoints, false,
						new CRLDistPoint(this.crlDistributionPoints.toArray(DistributionPoint[]::new)));
			}
			if (!this.freshestCrlUrls.isEmpty()) {
				builder.addExtension(Extension.freshestCRL, false, new CRLDistPoint(this.freshestCrlUrls.stream()
					.map((url) -> new DistributionPoint(fullName(url), null, null))
					.toArray(DistributionPoint[]::new)));
			}
			if (!this.permittedSubtrees.isEmpty() || !this.excludedSubtrees.isEmpty()) {
				builder.addExtension(Extension.nameConstraints, true, new NameConstraints(
						this.permittedSubtrees.isEmpty() ? null
								: this.permittedSubtrees.toArray(GeneralSubtree[]::new),
						this.excludedSubtrees.isEmpty() ? null : this.excludedSubtrees.toArray(GeneralSubtree[]::new)));
			}
			if (!this.policies.isEmpty()) {
				builder.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(this.policies
					.stream()
					.map((oid) -> new PolicyInformation(new ASN1ObjectIdentifier(oid)))
					.toArray(PolicyInformation[]::new)));
			}
			for (Extension raw : this.rawExtensions) {
				if (builder.hasExtension(raw.getExtnId())) {
					builder.replaceExtension(raw);
				}
				else {
					builder.addExtension(raw);
				}
			}
			ContentSigner signer = contentSigner(signingKeys);
			if (this.version == 1) {
				return new JcaX509v1CertificateBuilder(issuerName, serialNumber, java.util.Date.from(this.notBefore),
						java.util.Date.from(this.notAfter), subject, keys.getPublic())
					.build(signer)
					.getEncoded();
			}
			return (this.version == 3 && this.duplicatedExtensions.isEmpty()) ? builder.build(signer).getEncoded()
					: rewritten(builder.build(signer).toASN1Structure().getTBSCertificate(), signingKeys);
		}

		/**
		 * The TBS certificate with the version this builder writes over it and its duplicated
		 * extensions, signed again: structures Bouncy Castle's builders refuse to make.
		 */
		private byte[] rewritten(TBSCertificate tbs, KeyPair signingKeys)
				throws IOException, GeneralSecurityException, OperatorCreationException {
			ASN1EncodableVector fields = new ASN1EncodableVector();
			for (ASN1Encodable field : ASN1Sequence.getInstance(tbs.toASN1Primitive())) {
				ASN1TaggedObject tagged = (field instanceof ASN1TaggedObject t) ? t : null;
				if (tagged != null && tagged.getTagNo() == 0 && this.version < 0) {
					// Version: v2 is INTEGER 1; v1 is the default, so it is left out.
					if (this.version == -2) {
						fields.add(new DERTaggedObject(true, 0, new ASN1Integer(1)));
					}
				}
				else if (tagged != null && tagged.getTagNo() == 3) {
					ASN1EncodableVector extensions = new ASN1EncodableVector();
					ASN1Sequence present = ASN1Sequence.getInstance(tagged.getExplicitBaseObject());
					present.forEach(extensions::add);
					for (ASN1ObjectIdentifier oid : this.duplicatedExtensions) {
						extensions.add(Extensions.getInstance(present).getExtension(oid));
					}
					fields.add(new DERTaggedObject(true, 3, new DERSequence(extensions)));
				}
				else {
					fields.add(field);
				}
			}
			DERSequence rewritten = new DERSequence(fields);
			ContentSigner signer = contentSigner(signingKeys);
			try (java.io.OutputStream out = signer.getOutputStream()) {
				out.write(rewritten.getEncoded(ASN1Encoding.DER));
			}
			return new DERSequence(new ASN1Encodable[] { rewritten, signer.getAlgorithmIdentifier(),
					new DERBitString(signer.getSignature()) })
				.getEncoded(ASN1Encoding.DER);
		}

		/** A signer with {@code keys}' private key: SHA-256 with RSA or ECDSA, as the key is. */
		static ContentSigner contentSigner(KeyPair keys) throws OperatorCreationException {
			String algorithm = "RSA".equals(keys.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
			return new JcaContentSignerBuilder(algorithm).build(keys.getPrivate());
		}

		private static KeyPair generateKeyPair(int rsaBits) throws GeneralSecurityException {
			if (rsaBits > 0) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(rsaBits);
				return generator.generateKeyPair();
			}
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}

	}

}
