package io.github.mtls.revocation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interoperability with a third-party implementation: a CA run by {@code openssl ca}, its OCSP
 * responder served by {@code openssl ocsp} from the CA's index on a free port, and its CRL made by
 * {@code openssl ca -gencrl}. Skipped only when openssl is not installed.
 */
class OpensslInteropTests {

	@TempDir
	static Path dir;

	static Process responder;

	static int port;

	static X509Certificate ca;

	static X509Certificate good;

	static X509Certificate revoked;

	static final ClientIdentity identity = new ClientIdentity("openssl", Map.of(), List.of());

	@BeforeAll
	static void openssl() throws Exception {
		assumeTrue(run("openssl", "version") == 0, "openssl is not installed");
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Files.createDirectories(dir.resolve("certs"));
		Files.writeString(dir.resolve("index.txt"), "");
		Files.writeString(dir.resolve("serial"), "1000\n");
		Files.writeString(dir.resolve("crlnumber"), "01\n");
		Files.writeString(dir.resolve("openssl.cnf"), """
				[ ca ]
				default_ca = test
				[ test ]
				dir = %s
				database = $dir/index.txt
				new_certs_dir = $dir/certs
				certificate = $dir/ca.pem
				private_key = $dir/ca.key
				serial = $dir/serial
				crlnumber = $dir/crlnumber
				default_md = sha256
				default_days = 2
				default_crl_days = 1
				policy = anything
				unique_subject = no
				[ anything ]
				commonName = supplied
				[ client ]
				basicConstraints = CA:false
				keyUsage = critical,digitalSignature
				extendedKeyUsage = clientAuth
				authorityInfoAccess = OCSP;URI:http://127.0.0.1:%d/
				""".formatted(dir, port));
		exec("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
				"ca.key", "-out", "ca.pem", "-subj", "/CN=OpenSSL Interop CA", "-days", "2", "-addext",
				"keyUsage=critical,keyCertSign,cRLSign", "-addext", "basicConstraints=critical,CA:true");
		for (String name : List.of("good", "revoked")) {
			exec("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
					"-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
			exec("openssl", "ca", "-batch", "-config", "openssl.cnf", "-extensions", "client", "-in", name + ".csr",
					"-out", name + ".pem", "-notext");
		}
		exec("openssl", "ca", "-config", "openssl.cnf", "-revoke", "revoked.pem", "-crl_reason", "keyCompromise");
		exec("openssl", "ca", "-config", "openssl.cnf", "-gencrl", "-out", "ca.crl");
		ca = certificate("ca.pem");
		good = certificate("good.pem");
		revoked = certificate("revoked.pem");
		responder = new ProcessBuilder("openssl", "ocsp", "-index", "index.txt", "-port", String.valueOf(port),
				"-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-nmin", "5")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("ocsp.log").toFile())
			.start();
		awaitListening();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (responder != null) {
			responder.destroy();
			responder.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void goodCertificateIsGoodByOpensslOcsp() throws Exception {
		try (RevocationChecker checker = checker(RevocationMode.OCSP, true, List.of())) {
			assertThat(check(checker, good)).isNull();
			assertThat(checker.checks(RevocationChecker.Source.OCSP, RevocationChecker.Result.GOOD)).isEqualTo(1);
		}
	}

	@Test
	void revokedCertificateIsRevokedByOpensslOcspWithItsReason() throws Exception {
		try (RevocationChecker checker = checker(RevocationMode.OCSP, true, List.of())) {
			Refusal refusal = check(checker, revoked);
			assertThat(refusal).isNotNull();
			assertThat(refusal.reason()).isEqualTo(RefusalReason.CERTIFICATE_REVOKED);
			assertThat(refusal.detail()).contains("keyCompromise", "ocsp");
		}
	}

	@Test
	void opensslCaCrlIsReadAndHonoured() throws Exception {
		try (RevocationChecker checker = checker(RevocationMode.CRL, false, List.of(dir.resolve("ca.crl")))) {
			assertThat(check(checker, good)).isNull();
			Refusal refusal = check(checker, revoked);
			assertThat(refusal).isNotNull();
			assertThat(refusal.reason()).isEqualTo(RefusalReason.CERTIFICATE_REVOKED);
			assertThat(refusal.detail()).contains("keyCompromise", "crl");
		}
	}

	@Test
	void opensslCaCrlInDerIsReadToo() throws Exception {
		exec("openssl", "crl", "-in", "ca.crl", "-outform", "DER", "-out", "ca.der.crl");
		try (RevocationChecker checker = checker(RevocationMode.CRL, false, List.of(dir.resolve("ca.der.crl")))) {
			assertThat(check(checker, revoked).reason()).isEqualTo(RefusalReason.CERTIFICATE_REVOKED);
		}
	}

	private static RevocationChecker checker(RevocationMode mode, boolean nonce, List<Path> crlFiles) {
		RevocationSettings defaults = RevocationSettings.defaults();
		RevocationSettings settings = new RevocationSettings(mode, true, null, null, nonce, Duration.ofSeconds(10),
				List.of(), crlFiles, Duration.ofSeconds(10), defaults.crlMaxSize(), defaults.cacheMaxTtl(),
				defaults.cacheMaxSize(), FailurePolicy.FAIL_CLOSED, Duration.ZERO, true);
		return new RevocationChecker(settings, Clock.systemUTC(), () -> List.of(ca));
	}

	private static Refusal check(RevocationChecker checker, X509Certificate certificate) throws Exception {
		return checker.check(ChainCheck.Context.unvalidated(new X509Certificate[] { certificate },
				CertificateFacts.of(certificate), identity, Clock.systemUTC().instant()));
	}

	private static X509Certificate certificate(String file) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(file))));
	}

	private static void exec(String... command) throws Exception {
		int exit = run(command);
		assertThat(exit).as(String.join(" ", command)).isZero();
	}

	private static int run(String... command) {
		try {
			Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
				.directory((dir != null) ? dir.toFile() : null)
				.redirectErrorStream(true)
				.start();
			process.getInputStream().readAllBytes();
			return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * Waits for the responder's own word that it listens: a probe connection would block it, as
	 * {@code openssl ocsp} serves one connection at a time.
	 */
	private static void awaitListening() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Path log = dir.resolve("ocsp.log");
		while (System.nanoTime() < deadline) {
			if (Files.exists(log) && Files.readString(log).contains("waiting for OCSP client connections")) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("openssl ocsp did not start: " + Files.readString(log));
	}

}
