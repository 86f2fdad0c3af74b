package io.github.mtls.benchmarks.pipeline;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.slf4j.LoggerFactory;

/**
 * The certificate chain and the pinned identities every pipeline benchmark runs on: one P-256
 * client certificate issued by a test root, re-read through the JDK's {@code CertificateFactory}
 * so that the benchmarks see the same {@code X509Certificate} implementation as Tomcat's JSSE, and
 * {@code count} identities of which exactly one is the client's.
 */
final class BenchmarkCertificates {

	static final String CLIENT_DN = "CN=client,OU=payments,O=Bench Corp,C=DE";

	static final String CLIENT_URI = "spiffe://bench.example/ns/payments/sa/client";

	private BenchmarkCertificates() {
	}

	/** A client certificate and its issuer, leaf first, as JSSE hands them to the application. */
	static X509Certificate[] chain(String keyType) {
		return pki(keyType).chain();
	}

	/** The chain and the CA that issued it. */
	static Issued pki(String keyType) {
		TestPki pki = TestPki.create("CN=Bench Root CA,O=Bench Corp");
		TestCertificate client = pki.client(CLIENT_DN, (builder) -> {
			builder.sanUri(CLIENT_URI).sanDns("client.bench.example");
			return "rsa".equals(keyType) ? builder.rsa(2048) : builder;
		});
		return new Issued(new X509Certificate[] { reparse(client.certificate()), reparse(pki.root().certificate()) },
				pki.root());
	}

	/**
	 * A chain and its issuing CA.
	 *
	 * @param chain the client certificate and the root, leaf first
	 * @param root the root, with its key
	 */
	record Issued(X509Certificate[] chain, TestCertificate root) {
	}

	static X509Certificate reparse(X509Certificate certificate) {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code count} identities selecting by {@code kind}; the last one is the client's, the others
	 * carry distinct values of the same kind (other DNs, URIs, fingerprints, key pins).
	 */
	static List<ClientIdentity> identities(int count, SelectorKind kind, String clientValue) {
		Random random = new Random(42);
		List<ClientIdentity> identities = new ArrayList<>(count);
		for (int i = 0; i < count - 1; i++) {
			String value = switch (kind) {
				case SUBJECT_DN -> "CN=client-" + i + ",OU=payments,O=Bench Corp,C=DE";
				case SAN_URI -> "spiffe://bench.example/ns/payments/sa/client-" + i;
				case FINGERPRINT_SHA256 -> HexFormat.of().formatHex(randomBytes(random));
				case SPKI_SHA256 -> Base64.getEncoder().encodeToString(randomBytes(random));
				default -> throw new IllegalArgumentException(kind.name());
			};
			identities.add(identity("client-" + i, kind, value));
		}
		identities.add(identity("client", kind, clientValue));
		return identities;
	}

	private static ClientIdentity identity(String name, SelectorKind kind, String value) {
		return new ClientIdentity(name, Map.of(kind, Set.of(kind.canonicalize(value))), List.of("ROLE_CLIENT"));
	}

	private static byte[] randomBytes(Random random) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return bytes;
	}

	/** Production logging: INFO, so DEBUG lines cost only what their level check costs. */
	static void productionLogging() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
	}

}
