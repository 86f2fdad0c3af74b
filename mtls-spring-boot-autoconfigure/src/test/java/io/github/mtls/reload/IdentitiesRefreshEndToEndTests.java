package io.github.mtls.reload;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.mtls.TestApplication;
import io.github.mtls.actuate.MtlsHealthIndicator;
import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.mtls.reload.IdentitiesFileEndToEndTests.assertRefused;
import static io.github.mtls.reload.IdentitiesFileEndToEndTests.basic;
import static io.github.mtls.reload.IdentitiesFileEndToEndTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.identities} changed in the Environment and announced by Spring Cloud's
 * {@link EnvironmentChangeEvent}, as a Config Server refresh, a Kubernetes config reload or
 * {@code /actuator/refresh} does (with Spring Cloud's rebinder refilling the properties bean in
 * place meanwhile), on real Tomcat and TLS: add, change authorities, rotate a secret, remove, and an
 * invalid change rejected whole.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentitiesRefreshEndToEndTests {

	static final TestPki pki = TestPki.shared();

	static final TestCertificate orders = pki.client("CN=refresh-orders,O=Acme");

	static final TestCertificate billing = pki.client("CN=refresh-billing,O=Acme");

	static final String OLD_SECRET = "cmVmcmVzaC1vbGQtc2VjcmV0LTEyMzQ1Njc4OTAxMg";

	static final String NEW_SECRET = "cmVmcmVzaC1uZXctc2VjcmV0LTIxMDk4NzY1NDMyMQ";

	@DynamicPropertySource
	static void mtls(DynamicPropertyRegistry registry) {
		pki.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
		registry.add("mtls.identities.orders.authorities", () -> "ROLE_READER");
		registry.add("mtls.identities.orders.secret-sha256", () -> sha256(OLD_SECRET));
		registry.add("mtls.second-factor.required", () -> "secret");
		registry.add("mtls.second-factor.paths", () -> "/mdc");
	}

	/** What a refresh changed, above every other property source. */
	static final Map<String, Object> refreshed = new LinkedHashMap<>();

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	CurrentConfiguration current;

	@Autowired
	MtlsHealthIndicator health;

	final MtlsClients clients = pki.clients();

	@Test
	@Order(1)
	void addedIdentityIsAcceptedAfterTheRefresh() {
		HttpClient billingConnection = this.clients.httpClient(billing);
		assertRefused(get(billingConnection, "/whoami", null), 403, "identity_not_pinned");

		refresh(Map.of("mtls.identities.billing.subject-dn", billing.subjectDn(),
				"mtls.identities.billing.authorities", "ROLE_BILLING"));

		assertThat(get(billingConnection, "/whoami", null).body()).contains("\"identity\":\"billing\"", "ROLE_BILLING");
	}

	@Test
	@Order(2)
	void changedAuthoritiesAndARotatedSecretCountFromTheRefresh() {
		HttpClient ordersConnection = this.clients.httpClient(orders);
		assertThat(get(ordersConnection, "/mdc", basic("orders", OLD_SECRET)).statusCode()).isEqualTo(200);

		refresh(Map.of("mtls.identities.orders.authorities", "ROLE_WRITER", "mtls.identities.orders.secret-sha256",
				sha256(NEW_SECRET)));

		assertThat(get(ordersConnection, "/whoami", null).body()).contains("ROLE_WRITER").doesNotContain("ROLE_READER");
		assertRefused(get(ordersConnection, "/mdc", basic("orders", OLD_SECRET)), 401, "secret_invalid");
		assertThat(get(ordersConnection, "/mdc", basic("orders", NEW_SECRET)).statusCode()).isEqualTo(200);
		assertThat(this.current.lastLoaded(TrustAndIdentities.Part.IDENTITIES))
			.hasValueSatisfying((load) -> assertThat(load.source()).isEqualTo("mtls.identities"));
	}

	@Test
	@Order(3)
	void invalidChangeIsRejectedWholeUntilAValidOne() {
		long generation = this.current.get().generation();
		HttpClient billingConnection = this.clients.httpClient(billing);

		refresh(Map.of("mtls.identities.billing.authorities", "ROLE_AUDITOR", "mtls.identities.billing.san-ip",
				"billing.example.org"));

		assertThat(this.current.get().generation()).isEqualTo(generation);
		assertThat(this.current.lastRejected()).hasValueSatisfying(
				(rejection) -> assertThat(rejection.property()).isEqualTo("mtls.identities.billing.san-ip"));
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN);
		assertThat(get(billingConnection, "/whoami", null).body()).contains("ROLE_BILLING").doesNotContain("ROLE_AUDITOR");

		refreshed.remove("mtls.identities.billing.san-ip");
		refresh(Map.of());
		assertThat(this.current.get().generation()).isGreaterThan(generation);
		assertThat(this.health.health(true).getStatus()).isNotEqualTo(Status.DOWN);
		assertThat(get(billingConnection, "/whoami", null).body()).contains("ROLE_AUDITOR");
	}

	@Test
	@Order(4)
	void removedIdentityIsRefusedAtItsNextRequestOnAKeptAliveConnection() {
		HttpClient billingConnection = this.clients.httpClient(billing);
		assertThat(get(billingConnection, "/whoami", null).statusCode()).isEqualTo(200);

		refreshed.keySet().removeIf((key) -> key.startsWith("mtls.identities.billing."));
		refresh(Map.of());

		assertRefused(get(billingConnection, "/whoami", null), 403, "identity_not_pinned");
	}

	@Test
	@Order(5)
	void refreshThatLeavesTheIdentitiesAsTheyAreIsNoNewGeneration() {
		long generation = this.current.get().generation();
		long rejected = this.current.rejectedCount();

		refresh(Map.of("unrelated.setting", "changed"));

		assertThat(this.current.get().generation()).isEqualTo(generation);
		assertThat(this.current.rejectedCount()).isEqualTo(rejected);
	}

	/** As Spring Cloud's ContextRefresher: the Environment changes, then the event names the keys. */
	private void refresh(Map<String, Object> changes) {
		refreshed.putAll(changes);
		var sources = this.context.getEnvironment().getPropertySources();
		Map<String, Object> before = (sources.get("refreshed") != null)
				? ((MapPropertySource) sources.get("refreshed")).getSource() : Map.of();
		sources.remove("refreshed");
		sources.addFirst(new MapPropertySource("refreshed", new LinkedHashMap<>(refreshed)));
		Set<String> keys = new java.util.HashSet<>(before.keySet());
		keys.addAll(refreshed.keySet());
		// Synchronous, as Spring Cloud publishes it: the change is in force (or rejected) on return.
		this.context.publishEvent(new EnvironmentChangeEvent(this.context, keys));
	}

	private java.net.http.HttpResponse<String> get(HttpClient client, String path, String authorization) {
		java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("https://localhost:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
