package io.github.mtls.sample.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import io.github.mtls.sample.support.DevelopmentPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/reactive.md's one-command start: the dev profile creates the same development PKI as the
 * servlet sample, prints the same curl commands, and they work against Reactor Netty.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentProfileTests {

	@TempDir
	Path folder;

	@Test
	void devProfileCreatesAPkiServesThePinnedIdentitiesAndPrintsTheCurlCommands(CapturedOutput output)
			throws Exception {
		try (ConfigurableApplicationContext context = run("dev")) {
			assertThat(this.folder.resolve("ca.pem")).exists();
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> orders = get(port, "orders", "/whoami");
			assertThat(orders.statusCode()).isEqualTo(200);
			assertThat(orders.body()).contains("\"identity\":\"orders\"");
			HttpResponse<String> reports = get(port, "orders", "/reports");
			assertThat(reports.statusCode()).isEqualTo(403);
			assertThat(reports.body()).contains("\"reason\":\"access_denied\"");
			assertThat(get(port, "ops", "/reports").statusCode()).isEqualTo(200);
			HttpResponse<String> stranger = get(port, "stranger", "/whoami");
			assertThat(stranger.statusCode()).isEqualTo(403);
			assertThat(stranger.body()).contains("\"reason\":\"identity_not_pinned\"");
			assertThat(output).contains("mtls-sample-webflux is ready (development PKI in " + this.folder)
				.contains("--cert " + this.folder + "/orders.pem --key " + this.folder + "/orders-key.pem")
				.contains("https://localhost:" + port + "/whoami");
		}
	}

	@Test
	void secondFactorProfileRequiresTheIdentitysSecret() throws Exception {
		try (ConfigurableApplicationContext context = run("dev,second-factor")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> missing = get(port, "orders", "/whoami");
			assertThat(missing.statusCode()).isEqualTo(401);
			assertThat(missing.body()).contains("\"reason\":\"second_factor_missing\"");
			String basic = "Basic " + Base64.getEncoder()
				.encodeToString("orders:dev-orders-secret-DO-NOT-USE".getBytes(StandardCharsets.UTF_8));
			HttpResponse<String> both = get(port, "orders", "/whoami", "Authorization", basic);
			assertThat(both.statusCode()).isEqualTo(200);
			assertThat(both.body()).contains("FACTOR_X509", "FACTOR_PASSWORD");
		}
	}

	private ConfigurableApplicationContext run(String profiles) {
		return SpringApplication.run(WebFluxSampleApplication.class, "--spring.profiles.active=" + profiles,
				"--server.port=0", "--mtls.sample.dev-pki-folder=" + this.folder);
	}

	private HttpResponse<String> get(int port, String client, String path, String... headers) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.sslContext(new DevelopmentPki(this.folder).clientContext(client))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
