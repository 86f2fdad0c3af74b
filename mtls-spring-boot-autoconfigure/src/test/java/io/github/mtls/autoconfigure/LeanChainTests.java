package io.github.mtls.autoconfigure;

import java.util.List;

import io.github.mtls.web.MtlsAuthenticationFilter;
import io.github.mtls.web.MtlsConfigurer;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.RequestCacheAwareFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured chain holds exactly the filters a stateless mTLS API needs (issue 22), an
 * application's own chain keeps Spring Security's defaults, and {@link MtlsConfigurer#leanChain()}
 * gives an own chain the same lean set. What each filter is for: docs/identities.md.
 */
class LeanChainTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, MtlsWebSecurityAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders");

	private static final List<Class<?>> LEAN = List.of(WebAsyncManagerIntegrationFilter.class,
			SecurityContextHolderFilter.class, HeaderWriterFilter.class, MtlsAuthenticationFilter.class,
			ExceptionTranslationFilter.class, AuthorizationFilter.class);

	@Test
	void defaultChainHoldsOnlyWhatAStatelessApiNeeds() {
		this.contextRunner.run((context) -> assertThat(filters(context.getBean("mtlsSecurityFilterChain",
				SecurityFilterChain.class))).containsExactlyElementsOf(LEAN));
	}

	@Test
	void defaultChainWritesOnlyTheHeadersAnApiClientReads() {
		this.contextRunner.run((context) -> {
			Filter headers = context.getBean("mtlsSecurityFilterChain", SecurityFilterChain.class)
				.getFilters()
				.stream()
				.filter(HeaderWriterFilter.class::isInstance)
				.findFirst()
				.orElseThrow();
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
			request.setSecure(true);
			MockHttpServletResponse response = new MockHttpServletResponse();
			headers.doFilter(request, response, new MockFilterChain());
			assertThat(response.getHeaderNames()).contains("X-Content-Type-Options", "Cache-Control",
					"Strict-Transport-Security")
				.doesNotContain("X-Frame-Options", "X-XSS-Protection");
		});
	}

	@Test
	void ownChainKeepsSpringSecurityDefaults() {
		this.contextRunner.withUserConfiguration(OwnChain.class)
			.run((context) -> assertThat(filters(context.getBean("ownChain", SecurityFilterChain.class)))
				.contains(DisableEncodeUrlFilter.class, RequestCacheAwareFilter.class,
						SecurityContextHolderAwareRequestFilter.class, AnonymousAuthenticationFilter.class,
						LogoutFilter.class, MtlsAuthenticationFilter.class));
	}

	@Test
	void ownChainGetsTheLeanSetFromTheConfigurerOption() {
		this.contextRunner.withUserConfiguration(OwnLeanChain.class)
			.run((context) -> assertThat(filters(context.getBean("ownLeanChain", SecurityFilterChain.class)))
				.containsExactlyElementsOf(LEAN));
	}

	@Test
	void reactiveDefaultChainHasNoLogoutAndOnlyTheHeadersAnApiReads() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class,
					MtlsReactiveWebSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
					ReactiveUserDetailsServiceAutoConfiguration.class))
			.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders")
			.run((context) -> {
				List<WebFilter> filters = context.getBean(SecurityWebFilterChain.class).getWebFilters().collectList().block();
				assertThat(filters).extracting((filter) -> filter.getClass().getSimpleName())
					.contains("MtlsAuthenticationWebFilter", "AuthorizationWebFilter", "ExceptionTranslationWebFilter",
							"HttpHeaderWriterWebFilter")
					.containsOnlyOnce("MtlsAuthenticationWebFilter")
					.doesNotContain("LogoutWebFilter", "CsrfWebFilter",
							"AnonymousAuthenticationWebFilter", "HttpBasicServerAuthenticationEntryPoint");
				MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("https://localhost/"));
				filters.stream().filter((filter) -> filter.getClass().getSimpleName().equals("HttpHeaderWriterWebFilter"))
					.findFirst().orElseThrow().filter(exchange, (next) -> Mono.empty()).block();
				exchange.getResponse().setComplete().block();
				assertThat(exchange.getResponse().getHeaders().headerNames()).contains("X-Content-Type-Options",
						"Cache-Control", "Strict-Transport-Security")
					.doesNotContain("X-Frame-Options", "X-XSS-Protection");
			});
	}

	private static List<Class<?>> filters(SecurityFilterChain chain) {
		return chain.getFilters().stream().<Class<?>>map(Filter::getClass).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.with(MtlsConfigurer.mtls(), (mtls) -> {
			});
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLeanChain {

		@Bean
		SecurityFilterChain ownLeanChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.csrf((csrf) -> csrf.disable());
			http.with(MtlsConfigurer.mtls(), MtlsConfigurer::leanChain);
			return http.build();
		}

	}

}
