package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.identity.Names;
import io.github.mtls.policy.ClientTrust;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads and validates {@code mtls.trust.intermediates.*}: every entry must be a CA certificate
 * (basicConstraints cA) that is not self-signed, since a root belongs among the trust anchors where
 * pinning and the startup audits see it. Anything else stops startup naming the property. An
 * expired or not yet valid intermediate only logs a warning: during a CA rotation the old and the
 * new one are listed side by side, and a path through an expired one is refused anyway.
 */
final class IntermediatesBinding {

	static final String LOCATIONS = "mtls.trust.intermediates.locations";

	static final String BUNDLE = "mtls.trust.intermediates.bundle";

	private static final Logger logger = LoggerFactory.getLogger(IntermediatesBinding.class);

	private IntermediatesBinding() {
	}

	/** The certificates of every configured location and of the bundle, validated. */
	static List<X509Certificate> read(TrustProperties.Intermediates properties, ResourceLoader resources,
			@Nullable SslBundles bundles, Instant now) {
		List<X509Certificate> certificates = new ArrayList<>();
		List<String> locations = properties.getLocations();
		for (int i = 0; i < locations.size(); i++) {
			String property = LOCATIONS + "[" + i + "]";
			String location = String.valueOf(locations.get(i)).trim();
			for (X509Certificate certificate : pem(property, location, resources)) {
				certificates.add(checked(property, location, certificate, now));
			}
		}
		String bundle = properties.getBundle();
		if (bundle != null) {
			if (bundles == null || !bundles.getBundleNames().contains(bundle)) {
				throw new InvalidMtlsPropertyException(BUNDLE, bundle, "no SSL bundle of that name",
						"Define 'spring.ssl.bundle.pem." + bundle + ".truststore.certificate' with the intermediate "
								+ "CA certificates, or correct the name.");
			}
			certificates.addAll(fromBundle(bundle, bundles.getBundle(bundle), now));
		}
		return certificates;
	}

	/** The certificates of {@code bundle}'s trust store, validated. */
	static List<X509Certificate> fromBundle(String name, SslBundle bundle, Instant now) {
		List<X509Certificate> certificates = new ArrayList<>();
		for (X509Certificate certificate : ClientTrust.of("bundle '" + name + "'", bundle.getStores().getTrustStore())
			.anchors()) {
			certificates.add(checked(BUNDLE, name, certificate, now));
		}
		return certificates;
	}

	private static List<X509Certificate> pem(String property, String location, ResourceLoader resources) {
		Resource resource = resources.getResource(location);
		String text;
		try (InputStream in = resource.getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new InvalidMtlsPropertyException(property, location, "cannot be read: " + ex.getMessage(),
					"Point it at a PEM file of intermediate CA certificates (classpath:... or file:...).");
		}
		List<X509Certificate> certificates;
		try {
			certificates = PemContent.isPresentInText(text) ? PemContent.of(text).getCertificates() : List.of();
		}
		catch (RuntimeException ex) {
			certificates = List.of();
		}
		if (certificates.isEmpty()) {
			throw new InvalidMtlsPropertyException(property, location, "holds no PEM certificate",
					"Give a PEM file with one or more '-----BEGIN CERTIFICATE-----' blocks of intermediate CA "
							+ "certificates.");
		}
		return certificates;
	}

	private static X509Certificate checked(String property, String value, X509Certificate certificate, Instant now) {
		String subject = certificate.getSubjectX500Principal().getName();
		if (certificate.getBasicConstraints() < 0) {
			throw new InvalidMtlsPropertyException(property, value,
					"\"" + subject + "\" is not a CA certificate (basicConstraints cA is not set)",
					"List only the CA certificates that issue client certificates; a client's own certificate is "
							+ "pinned with mtls.identities.");
		}
		if (selfSigned(certificate)) {
			throw new InvalidMtlsPropertyException(property, value,
					"\"" + subject + "\" is a self-signed root, and intermediates never end a path",
					"Put roots in the client trust store (mtls.trust.bundle) and pin them with "
							+ "mtls.trust.anchors-sha256; list only the CAs between them and the clients here.");
		}
		if (now.isAfter(certificate.getNotAfter().toInstant()) || now.isBefore(certificate.getNotBefore().toInstant())) {
			logger.warn("{} ({}): intermediate CA \"{}\" is outside its validity ({} to {}); paths through it are refused",
					property, value, subject, certificate.getNotBefore().toInstant(),
					certificate.getNotAfter().toInstant());
		}
		return certificate;
	}

	private static boolean selfSigned(X509Certificate certificate) {
		if (!Names.sameName(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal())) {
			return false;
		}
		try {
			certificate.verify(certificate.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false; // self-issued with another key: a rollover certificate, a real intermediate
		}
	}

}
