package io.github.mtls.benchmarks.load;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.WebFilter;

/**
 * {@code ab -k} speaks HTTP/1.0 and reuses a connection only when the response says
 * {@code Connection: keep-alive}. Tomcat says so; Reactor Netty keeps the connection open but does not
 * say so, and {@code ab} would then open a new TLS connection per request. This filter, first in
 * every WebFlux configuration (before any security), echoes the client's request for keep-alive.
 */
@Configuration(proxyBeanMethods = false)
@Profile("webflux")
class WebFluxKeepAlive {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter keepAliveForHttp10() {
		return (exchange, chain) -> {
			String connection = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONNECTION);
			if ("keep-alive".equalsIgnoreCase(connection)) {
				exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "keep-alive");
			}
			return chain.filter(exchange);
		};
	}

}
