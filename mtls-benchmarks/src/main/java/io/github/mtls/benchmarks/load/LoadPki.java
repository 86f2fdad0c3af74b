package io.github.mtls.benchmarks.load;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import io.github.mtls.test.TestCertificate;
import org.jspecify.annotations.Nullable;

/**
 * Writes the load runner's PKI to a directory, all with one key type ({@code ec} for P-256 or
 * {@code rsa} for RSA-2048):
 * <ul>
 * <li>{@code root.pem}/{@code root.key}: the CA, which also signs OCSP responses;</li>
 * <li>{@code server.pem}/{@code server.key}: {@code localhost} and {@code 127.0.0.1};</li>
 * <li>{@code client-and-key.pem}: the load client's certificate and key, for {@code ab -E};</li>
 * <li>{@code revoked-and-key.pem}: a revoked client, to prove that revocation is on;</li>
 * <li>{@code clients/load-N-and-key.pem}: distinct clients for the slow-responder run;</li>
 * <li>{@code index.txt}: the {@code openssl ca} database that {@code openssl ocsp} serves;</li>
 * <li>{@code identities.properties}: {@code mtls.identities.*} with the requested number of
 * pinned identities, the load clients among them, the rest spread over DN, SAN URI, fingerprint
 * and key-pin selectors.</li>
 * </ul>
 * Every client certificate names the OCSP responder URL in its AIA extension.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.mtls.benchmarks.load.LoadPki DIR ec|rsa OCSP_URL IDENTITIES LOAD_CLIENTS
 * </pre>
 */
public final class LoadPki {

	static final String CLIENT_DN = "CN=client,OU=payments,O=Bench Corp,C=DE";

	private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final SecureRandom random = new SecureRandom();

	private final List<String> index = new ArrayList<>();

	private LoadPki() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 5) {
			System.err.println("usage: LoadPki DIR ec|rsa OCSP_URL IDENTITIES LOAD_CLIENTS");
			System.exit(2);
		}
		new LoadPki().write(Path.of(args[0]), "rsa".equals(args[1]), args[2], Integer.parseInt(args[3]),
				Integer.parseInt(args[4]));
	}

	private void write(Path dir, boolean rsa, String ocspUrl, int identities, int loadClients) throws IOException {
		Files.createDirectories(dir.resolve("clients"));
		UnaryOperator<TestCertificate.Builder> keyType = (builder) -> rsa ? builder.rsa(2048) : builder;
		TestCertificate root = keyType.apply(TestCertificate.authority("CN=Bench Root CA,O=Bench Corp")).build();
		TestCertificate server = keyType
			.apply(TestCertificate.server("localhost").sanIp("127.0.0.1").signedBy(root))
			.build();
		write(dir.resolve("root.pem"), root.certificatePem());
		write(dir.resolve("root.key"), root.privateKeyPem());
		write(dir.resolve("server.pem"), server.chainPem());
		write(dir.resolve("server.key"), server.privateKeyPem());

		TestCertificate client = client(keyType, root, ocspUrl, CLIENT_DN, null, false);
		write(dir.resolve("client-and-key.pem"), client.certificatePem() + client.privateKeyPem());
		TestCertificate revoked = client(keyType, root, ocspUrl, "CN=revoked,OU=payments,O=Bench Corp,C=DE", null,
				true);
		write(dir.resolve("revoked-and-key.pem"), revoked.certificatePem() + revoked.privateKeyPem());

		StringBuilder properties = new StringBuilder();
		String issuer = root.subjectDn();
		identity(properties, "client", "subject-dn", CLIENT_DN);
		identity(properties, "client", "issuer-dn", issuer);
		identity(properties, "revoked", "subject-dn", revoked.subjectDn());
		int pinned = 2;
		KeyPair shared = client.keyPair();
		for (int i = 0; i < loadClients; i++) {
			String dn = "CN=load-" + i + ",OU=payments,O=Bench Corp,C=DE";
			TestCertificate load = client(keyType, root, ocspUrl, dn, shared, false);
			write(dir.resolve("clients/load-" + i + "-and-key.pem"), load.certificatePem() + load.privateKeyPem());
			identity(properties, "load-" + i, "subject-dn", dn);
			pinned++;
		}
		HexFormat hex = HexFormat.of();
		for (int i = 0; pinned < identities; i++, pinned++) {
			String name = "other-" + i;
			switch (i % 4) {
				case 0 -> identity(properties, name, "subject-dn", "CN=other-" + i + ",OU=payments,O=Bench Corp,C=DE");
				case 1 -> identity(properties, name, "san-uri", "spiffe://bench.example/ns/payments/sa/other-" + i);
				case 2 -> identity(properties, name, "fingerprint-sha256", hex.formatHex(bytes(32)));
				default -> identity(properties, name, "spki-sha256",
						Base64.getEncoder().encodeToString(bytes(32)));
			}
		}
		write(dir.resolve("identities.properties"), properties.toString());
		write(dir.resolve("index.txt"), String.join("", this.index));
		write(dir.resolve("index.txt.attr"), "unique_subject = no\n");
	}

	private TestCertificate client(UnaryOperator<TestCertificate.Builder> keyType, TestCertificate root,
			String ocspUrl, String dn, @Nullable KeyPair keyPair, boolean revoked) {
		// 16 random bytes, top bit clear, first nibble set: the same hex spelling in the certificate,
		// in openssl's index.txt and in OCSP requests.
		byte[] serial = bytes(16);
		serial[0] = (byte) (0x10 | (serial[0] & 0x6f));
		TestCertificate.Builder builder = TestCertificate.client(dn)
			.sanUri("spiffe://bench.example/ns/payments/sa/" + dn.substring(3, dn.indexOf(',')))
			.ocspUrl(ocspUrl)
			.serial(new BigInteger(1, serial))
			.signedBy(root);
		builder = (keyPair != null) ? builder.keyPair(keyPair) : keyType.apply(builder);
		TestCertificate certificate = builder.build();
		String notAfter = INDEX_TIME.format(certificate.certificate().getNotAfter().toInstant());
		String revokedAt = revoked ? INDEX_TIME.format(Instant.now().minusSeconds(3600)) : "";
		this.index.add((revoked ? "R" : "V") + "\t" + notAfter + "\t" + revokedAt + "\t"
				+ HexFormat.of().withUpperCase().formatHex(serial) + "\tunknown\t/" + dn.replace(',', '/') + "\n");
		return certificate;
	}

	private static void identity(StringBuilder properties, String name, String selector, String value) {
		properties.append("mtls.identities.").append(name).append('.').append(selector).append('=')
			.append(value.replace("\\", "\\\\")).append('\n');
	}

	private byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static void write(Path path, String content) throws IOException {
		Files.writeString(path, content);
	}

}
