package io.github.mtls.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mtls.test.MtlsClients;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A gateway and its backend on loopback, as the gateway walkthrough sets them up: the gateway
 * (WebFlux, mTLS with {@code client-auth=need}, pinned identities, the {@code MtlsIdentity} routes)
 * connects to the backend from {@value #GATEWAY_ADDRESS}; the backend (Spring MVC, this starter in
 * proxy mode) trusts only that address. Neither class is a {@code @Configuration}, so that no test
 * application's component scan picks them up.
 */
final class GatewayEdge implements AutoCloseable {

	/** The address the gateway connects to its backends from: the backend's only trusted proxy. */
	static final String GATEWAY_ADDRESS = "127.0.0.2";

	/** The certificate headers the backend echoes: what reached it. */
	static final List<String> ECHOED = List.of("Client-Cert", "Client-Cert-Chain", "X-Forwarded-Client-Cert",
			"X-SSL-Client-Cert", "X-Gateway-Identity");

	final ConfigurableApplicationContext backend;

	final ConfigurableApplicationContext gateway;

	private final MtlsClients clients;

	private GatewayEdge(ConfigurableApplicationContext backend, ConfigurableApplicationContext gateway,
			MtlsClients clients) {
		this.backend = backend;
		this.gateway = gateway;
		this.clients = clients;
	}

	/**
	 * Starts a backend reading {@code format} and a gateway forwarding it.
	 * @param format {@code rfc9440} or {@code xfcc}
	 * @param identities identity name to its certificate, pinned by subject DN on both
	 */
	static GatewayEdge start(TestPki pki, String format, Map<String, TestCertificate> identities) {
		List<String> pinned = new ArrayList<>();
		identities.forEach((name, certificate) -> pinned
			.add("mtls.identities." + name + ".subject-dn=" + certificate.subjectDn()));
		ConfigurableApplicationContext backend = new SpringApplicationBuilder(Backend.class)
			.web(WebApplicationType.SERVLET)
			.properties(pinned.toArray(String[]::new))
			.run("--server.port=0", "--spring.main.banner-mode=off",
					"--spring.ssl.bundle.pem.clients.truststore.certificate=" + pki.root().certificatePem(),
					"--mtls.trust.bundle=clients", "--mtls.proxy.enabled=true", "--mtls.proxy.header-format=" + format,
					"--mtls.proxy.trusted-proxies=" + GATEWAY_ADDRESS + "/32");
		String backendUri = "http://127.0.0.1:" + port(backend);
		List<String> arguments = new ArrayList<>(List.of("--spring.cloud.gateway.server.webflux.enabled=true",
				"--spring.main.banner-mode=off", "--mtls.gateway.forward-format=" + format));
		pki.serverProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
		arguments.addAll(route(0, "orders", backendUri));
		arguments.addAll(route(1, "billing", backendUri));
		ConfigurableApplicationContext gateway = new SpringApplicationBuilder(Gateway.class)
			.web(WebApplicationType.REACTIVE)
			.properties(pinned.toArray(String[]::new))
			.run(arguments.toArray(String[]::new));
		return new GatewayEdge(backend, gateway, pki.clients());
	}

	/**
	 * {@code /api/**} for one identity, to the backend under {@code /<name>}: the recipe of
	 * docs/gateway.md, one predicate line per route.
	 */
	private static List<String> route(int index, String identity, String uri) {
		String route = "--spring.cloud.gateway.server.webflux.routes[" + index + "].";
		return List.of(route + "id=" + identity, route + "uri=" + uri, route + "predicates[0]=Path=/api/**",
				route + "predicates[1]=MtlsIdentity=" + identity, route + "filters[0]=PrefixPath=/" + identity);
	}

	/** Sends {@code GET path} to the gateway as {@code client}, with extra headers (name, value, ...). */
	HttpResponse<String> get(TestCertificate client, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("https://localhost:" + port(this.gateway) + path))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.clients.httpClient(client).send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	int backendPort() {
		return port(this.backend);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.gateway.close();
		this.backend.close();
	}

	/** The gateway: Spring Cloud Gateway with this starter, nothing else. */
	@EnableAutoConfiguration
	static class Gateway {

		/** The gateway's connections to its backends come from its own address. */
		@Bean
		HttpClientCustomizer fromGatewayAddress() {
			return (client) -> client.bindAddress(() -> new InetSocketAddress(GATEWAY_ADDRESS, 0));
		}

		/** Another gateway filter reading the identity the starter put in the exchange. */
		@Bean
		IdentityToBackend identityToBackend() {
			return new IdentityToBackend();
		}

	}

	/** Sends the identity's name on as {@code X-Gateway-Identity}, before the routing filter. */
	static final class IdentityToBackend implements GlobalFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			Object identity = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
			return chain.filter(exchange.mutate()
				.request((request) -> request.header("X-Gateway-Identity", String.valueOf(identity)))
				.build());
		}

		@Override
		public int getOrder() {
			return 0;
		}

	}

	/**
	 * The backend: this starter in proxy mode. It answers which of its paths was called, who the
	 * caller is, and the certificate headers that reached it.
	 */
	@EnableAutoConfiguration
	static class Backend {

		@Bean
		RouterFunction<ServerResponse> echo() {
			return RouterFunctions.route()
				.GET("/{backend}/api/whoami", (request) -> {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("backend", request.pathVariable("backend"));
					body.put("identity", request.principal().map((principal) -> principal.getName()).orElse(""));
					ECHOED.forEach((name) -> body.put(name, request.headers().header(name)));
					return ServerResponse.ok().body(body);
				})
				.build();
		}

	}

}
