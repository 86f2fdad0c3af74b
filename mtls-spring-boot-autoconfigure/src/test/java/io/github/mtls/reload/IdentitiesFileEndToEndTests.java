package io.github.mtls.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.github.mtls.TestApplication;
import io.github.mtls.actuate.ConfigurationAudit;
import io.github.mtls.actuate.MtlsEndpoint;
import io.github.mtls.actuate.MtlsHealthIndicator;
import io.github.mtls.actuate.MtlsReport;
import io.github.mtls.test.MountedFiles;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pinned identities in {@code mtls.identities-file}, mounted as Kubernetes mounts a ConfigMap
 * ({@code ..data} symlink swap), on a running Tomcat with real TLS: an added identity is accepted at
 * once, a removed one refused at its next request on a kept-alive connection too, changed
 * authorities and a rotated secret count from the reload, an invalid change is rejected whole while
 * the last good identities answer, and a hundred reloads under load never show a request an empty
 * or mixed index.
 */
@SpringBootTest(classes = { TestApplication.class, IdentitiesFileEndToEndTests.Audits.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,mtls")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentitiesFileEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=file-orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=file-billing,O=Acme");

	static final String OLD_SECRET = "b2xkLXNlY3JldC1vZi1vcmRlcnMtMTIzNDU2Nzg5MA";

	static final String NEW_SECRET = "bmV3LXNlY3JldC1vZi1vcmRlcnMtMDk4NzY1NDMyMQ";

	static final MountedFiles mount;

	static {
		try {
			mount = MountedFiles.in(Files.createTempDirectory("mtls-identities").resolve("identities"))
				.write(Map.of("identities.yaml", orders("ROLE_READER", OLD_SECRET)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities-file", () -> "file:" + mount.path("identities.yaml"));
		registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "50ms");
		// The secret is the second factor of /mdc only; /whoami is the certificate alone.
		registry.add("mtls.second-factor.required", () -> "secret");
		registry.add("mtls.second-factor.paths", () -> "/mdc");
		registry.add("mtls.second-factor.remembered-verification-ttl", () -> "0s");
	}

	@TestConfiguration
	static class Audits {

		static final List<AuditApplicationEvent> events = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<AuditApplicationEvent> recordAudits() {
			return events::add;
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	CurrentConfiguration current;

	@Autowired
	MtlsHealthIndicator health;

	@Autowired
	MtlsEndpoint endpoint;

	final MtlsClients clients = pki.clients();

	@Test
	@Order(1)
	void addedIdentityIsAcceptedAtOnceOnAConnectionThatWasRefusedBefore() {
		HttpClient billingConnection = this.clients.httpClient(billing);
		assertRefused(get(billingConnection, "/whoami", null), 403, "identity_not_pinned");

		reload(orders("ROLE_READER", OLD_SECRET) + billing("ROLE_BILLING"));

		HttpResponse<String> accepted = get(billingConnection, "/whoami", null);
		assertThat(accepted.statusCode()).isEqualTo(200);
		assertThat(accepted.body()).contains("\"identity\":\"billing\"", "ROLE_BILLING");
		assertThat(lastAudit(ConfigurationAudit.RELOADED).getAuditEvent().getData()).containsEntry("added",
				List.of("billing"))
			.containsEntry("removed", List.of())
			.containsEntry("changed", List.of());
		MtlsReport.Configuration configuration = this.endpoint.report().configuration();
		assertThat(configuration.generation()).isEqualTo(this.current.get().generation());
		assertThat(configuration.identities().source()).isEqualTo("mtls.identities-file (" + mount.path("identities.yaml") + ")");
	}

	@Test
	@Order(2)
	void changedAuthoritiesCountFromTheNextRequest() {
		HttpClient ordersConnection = this.clients.httpClient(orders);
		assertThat(get(ordersConnection, "/whoami", null).body()).contains("ROLE_READER").doesNotContain("ROLE_WRITER");

		reload(orders("ROLE_WRITER", OLD_SECRET) + billing("ROLE_BILLING"));

		assertThat(get(ordersConnection, "/whoami", null).body()).contains("\"identity\":\"orders\"", "ROLE_WRITER")
			.doesNotContain("ROLE_READER");
		assertThat(lastAudit(ConfigurationAudit.RELOADED).getAuditEvent().getData()).containsEntry("changed",
				List.of("orders"));
	}

	@Test
	@Order(3)
	void rotatedSecretIsRequiredFromItsReloadAndTheOldOneIsRefused() {
		HttpClient ordersConnection = this.clients.httpClient(orders);
		assertThat(get(ordersConnection, "/mdc", basic("orders", OLD_SECRET)).statusCode()).isEqualTo(200);

		reload(orders("ROLE_WRITER", NEW_SECRET) + billing("ROLE_BILLING"));

		assertRefused(get(ordersConnection, "/mdc", basic("orders", OLD_SECRET)), 401, "secret_invalid");
		assertThat(get(ordersConnection, "/mdc", basic("orders", NEW_SECRET)).statusCode()).isEqualTo(200);
		// The audit names the identity, never its secret or hash.
		assertThat(lastAudit(ConfigurationAudit.RELOADED).getAuditEvent().getData().toString())
			.contains("changed=[orders]")
			.doesNotContain(sha256(NEW_SECRET), sha256(OLD_SECRET));
	}

	@Test
	@Order(4)
	void removedIdentityIsRefusedAtItsNextRequestOnAKeptAliveConnection() {
		HttpClient billingConnection = this.clients.httpClient(billing);
		assertThat(get(billingConnection, "/whoami", null).statusCode()).isEqualTo(200);

		reload(orders("ROLE_WRITER", NEW_SECRET));

		assertRefused(get(billingConnection, "/whoami", null), 403, "identity_not_pinned");
		assertThat(lastAudit(ConfigurationAudit.RELOADED).getAuditEvent().getData()).containsEntry("removed",
				List.of("billing"));
	}

	@Test
	@Order(5)
	void invalidChangeIsRejectedWholeAndTheLastGoodIdentitiesStayUntilAValidOne() throws Exception {
		long generation = this.current.get().generation();
		long rejected = this.current.rejectedCount();
		HttpClient ordersConnection = this.clients.httpClient(orders);

		// A valid addition beside a malformed value: nothing of it is taken.
		mount.write(Map.of("identities.yaml", orders("ROLE_WRITER", NEW_SECRET) + billing("ROLE_BILLING")
				+ "broken:\n  san-ip: not-an-address\n"));
		await(() -> this.current.rejectedCount() > rejected);

		assertThat(this.current.get().generation()).isEqualTo(generation);
		assertThat(this.current.lastRejected()).hasValueSatisfying((rejection) -> {
			assertThat(rejection.property()).isEqualTo("mtls.identities.broken.san-ip");
			assertThat(rejection.source()).startsWith("mtls.identities-file");
		});
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.endpoint.report().configuration().lastRejected().property())
			.isEqualTo("mtls.identities.broken.san-ip");
		assertThat(lastAudit(ConfigurationAudit.REJECTED).getAuditEvent().getData()).containsEntry("property",
				"mtls.identities.broken.san-ip");
		assertThat(get(ordersConnection, "/whoami", null).statusCode()).isEqualTo(200);
		assertRefused(get(this.clients.httpClient(billing), "/whoami", null), 403, "identity_not_pinned");

		// Malformed YAML, then an empty list: rejected too, naming the property startup names.
		long yaml = this.current.rejectedCount();
		mount.write(Map.of("identities.yaml", "orders: [subject-dn: {\n"));
		await(() -> this.current.rejectedCount() > yaml);
		assertThat(this.current.lastRejected().get().property()).isEqualTo("mtls.identities-file");
		long empty = this.current.rejectedCount();
		mount.write(Map.of("identities.yaml", "{}\n"));
		await(() -> this.current.rejectedCount() > empty);
		assertThat(this.current.lastRejected().get().property()).isEqualTo("mtls.allow-empty");
		assertThat(get(ordersConnection, "/whoami", null).statusCode()).isEqualTo(200);

		reload(orders("ROLE_WRITER", NEW_SECRET) + billing("ROLE_BILLING"));
		assertThat(this.health.health(true).getStatus()).isNotEqualTo(Status.DOWN);
		assertThat(get(this.clients.httpClient(billing), "/whoami", null).statusCode()).isEqualTo(200);
	}

	/**
	 * One certificate, pinned as {@code left} in one version of the file and as {@code right} in the
	 * next: a request that saw no index, or half of one, would be refused (identity_not_pinned, or
	 * identity_ambiguous with both), and a decision paired with the other version's authorities would
	 * show a name with the wrong role.
	 */
	@Test
	@Order(6)
	void aHundredReloadsUnderLoadNeverShowARequestAnEmptyOrMixedIndex() throws Exception {
		TestCertificate swinging = pki.client("CN=file-swinging,O=Acme");
		reload(swinging("left"));
		AtomicBoolean running = new AtomicBoolean(true);
		List<String> wrong = new CopyOnWriteArrayList<>();
		List<String> seen = new CopyOnWriteArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(2);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			HttpClient connection = this.clients.httpClient(swinging);
			calls.add(callers.submit(() -> {
				while (running.get()) {
					HttpResponse<String> response = get(connection, "/whoami", null);
					String body = response.body();
					boolean left = body.contains("\"identity\":\"left\"") && body.contains("ROLE_LEFT")
							&& !body.contains("ROLE_RIGHT");
					boolean right = body.contains("\"identity\":\"right\"") && body.contains("ROLE_RIGHT")
							&& !body.contains("ROLE_LEFT");
					if (response.statusCode() != 200 || !(left || right)) {
						wrong.add(response.statusCode() + " " + body);
					}
					seen.add(left ? "left" : "right");
				}
			}));
		}
		try {
			long start = this.current.get().generation();
			for (int i = 1; i <= 100; i++) {
				reload(swinging((i % 2 == 1) ? "right" : "left"));
			}
			assertThat(this.current.get().generation()).isEqualTo(start + 100);
		}
		finally {
			running.set(false);
			for (Future<?> call : calls) {
				call.get();
			}
			callers.shutdown();
		}
		assertThat(wrong).isEmpty();
		assertThat(seen).contains("left", "right");
	}

	private void reload(String yaml) {
		long generation = this.current.get().generation();
		mount.write(Map.of("identities.yaml", yaml));
		await(() -> this.current.get().generation() > generation);
		// The audit event follows the swap from a listener on the watcher's thread: wait for it too.
		Long adopted = this.current.get().generation();
		await(() -> Audits.events.stream()
			.anyMatch((event) -> event.getAuditEvent().getType().equals(ConfigurationAudit.RELOADED)
					&& adopted.equals(event.getAuditEvent().getData().get("generation"))));
	}

	static String orders(String authority, String secret) {
		return "orders:\n  subject-dn: \"" + orders.subjectDn() + "\"\n  authorities: [" + authority + "]\n"
				+ "  secret-sha256: " + sha256(secret) + "\n";
	}

	static String billing(String authority) {
		return "billing:\n  subject-dn: \"" + billing.subjectDn() + "\"\n  authorities: [" + authority + "]\n";
	}

	static String swinging(String name) {
		return orders("ROLE_WRITER", NEW_SECRET) + name + ":\n  subject-dn: \"CN=file-swinging,O=Acme\"\n"
				+ "  authorities: [ROLE_" + name.toUpperCase() + "]\n";
	}

	private AuditApplicationEvent lastAudit(String type) {
		List<AuditApplicationEvent> events = Audits.events.stream()
			.filter((event) -> event.getAuditEvent().getType().equals(type))
			.toList();
		assertThat(events).isNotEmpty();
		return events.get(events.size() - 1);
	}

	private HttpResponse<String> get(HttpClient client, String path, @Nullable String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void assertRefused(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
	}

	static String basic(String user, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Polls with a deadline: the quiet period plus a generous margin for a loaded machine. */
	static void await(BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("The reload was not seen within 30s");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
