package io.github.mtls.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.github.mtls.sample.support.DevelopmentPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's run command: the dev profile creates a PKI and the printed curl commands work. */
class DevelopmentProfileTests {

	@TempDir
	Path folder;

	@Test
	void devProfileCreatesAPkiAndServesThePinnedIdentities() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--spring.profiles.active=dev", "--server.port=0", "--mtls.sample.dev-pki-folder=" + this.folder)) {
			assertThat(this.folder.resolve("ca.pem")).exists();
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> orders = get(port, "orders", "/whoami");
			assertThat(orders.statusCode()).isEqualTo(200);
			assertThat(orders.body()).contains("\"identity\":\"orders\"");
			HttpResponse<String> stranger = get(port, "stranger", "/whoami");
			assertThat(stranger.statusCode()).isEqualTo(403);
			assertThat(stranger.body()).contains("identity_not_pinned");
		}
	}

	@Test
	void secondFactorProfileRequiresTheIdentitysSecret() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--spring.profiles.active=dev,second-factor", "--server.port=0",
				"--mtls.sample.dev-pki-folder=" + this.folder)) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> missing = get(port, "orders", "/whoami");
			assertThat(missing.statusCode()).isEqualTo(401);
			assertThat(missing.body()).contains("second_factor_missing");
			String basic = "Basic " + java.util.Base64.getEncoder()
				.encodeToString("orders:dev-orders-secret-DO-NOT-USE".getBytes(java.nio.charset.StandardCharsets.UTF_8));
			HttpResponse<String> both = get(port, "orders", "/whoami", "Authorization", basic);
			assertThat(both.statusCode()).isEqualTo(200);
			assertThat(both.body()).contains("FACTOR_X509", "FACTOR_PASSWORD");
		}
	}

	private HttpResponse<String> get(int port, String client, String path, String... headers) throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(new DevelopmentPki(this.folder).clientContext(client)).build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
