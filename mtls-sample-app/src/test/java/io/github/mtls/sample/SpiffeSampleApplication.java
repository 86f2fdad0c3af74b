package io.github.mtls.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.WorkloadApiServer;

import org.springframework.boot.SpringApplication;

/**
 * The sample's {@code spiffe} profile against the test-support Workload API, for trying it on a
 * development machine: serves the trust domain {@code sample.test} on {@code target/spiffe-dev/agent.sock},
 * rotates the server's SVID every minute, writes SVIDs for the {@code orders} and {@code ops} callers
 * with the CA into {@code target/spiffe-dev}, and prints the curl commands.
 *
 * <pre>
 * ./mvnw -pl mtls-sample-app -am test-compile -DskipTests -q
 * ./mvnw -pl mtls-sample-app spring-boot:test-run -Dspring-boot.run.main-class=io.github.mtls.sample.SpiffeSampleApplication
 * </pre>
 */
public final class SpiffeSampleApplication {

	static final Path DIRECTORY = Path.of("target", "spiffe-dev").toAbsolutePath();

	private SpiffeSampleApplication() {
	}

	public static void main(String[] args) throws IOException {
		Files.createDirectories(DIRECTORY);
		Path socket = DIRECTORY.resolve("agent.sock");
		Files.deleteIfExists(socket);
		SpiffeTrustDomain domain = SpiffeTrustDomain.create("sample.test");
		WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket(socket).serve(domain, serverSvid(domain));
		ScheduledExecutorService rotation = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "spiffe-dev-rotation");
			thread.setDaemon(true);
			return thread;
		});
		rotation.scheduleAtFixedRate(() -> workloadApi.rotate(serverSvid(domain)), 1, 1, TimeUnit.MINUTES);
		Files.writeString(DIRECTORY.resolve("ca.pem"), domain.ca().certificatePem());
		for (String caller : new String[] { "orders", "ops" }) {
			TestCertificate svid = domain.svid("/ns/dev/sa/" + caller).build();
			Files.writeString(DIRECTORY.resolve(caller + ".pem"), svid.certificatePem());
			Files.writeString(DIRECTORY.resolve(caller + "-key.pem"), svid.privateKeyPem());
		}
		System.out.println("""

				Workload API (test support, development only): %1$s
				  curl --cacert %2$s/ca.pem --cert %2$s/orders.pem --key %2$s/orders-key.pem https://localhost:8443/whoami
				  curl --cacert %2$s/ca.pem --cert %2$s/ops.pem --key %2$s/ops-key.pem https://localhost:8443/actuator/mtls
				The server's SVID rotates every minute; the callers' SVIDs live an hour.
				""".formatted(workloadApi.address(), DIRECTORY));
		String[] arguments = new String[args.length + 2];
		arguments[0] = "--spring.profiles.active=spiffe";
		arguments[1] = "--mtls.spiffe.endpoint-socket=" + workloadApi.address();
		System.arraycopy(args, 0, arguments, 2, args.length);
		SpringApplication.run(SampleApplication.class, arguments);
	}

	private static TestCertificate serverSvid(SpiffeTrustDomain domain) {
		return domain.svid("/ns/dev/sa/sample-app", (c) -> c.sanDns("localhost").sanIp("127.0.0.1")).build();
	}

}
