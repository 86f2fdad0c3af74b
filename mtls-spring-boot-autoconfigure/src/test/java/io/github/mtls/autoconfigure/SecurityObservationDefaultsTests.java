package io.github.mtls.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.security.config.observation.SecurityObservationSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security observes the decisions of a request, not each of its filters, unless the
 * application says otherwise with its own {@link SecurityObservationSettings} bean (issue 22).
 */
class SecurityObservationDefaultsTests {

	private final List<String> started = new CopyOnWriteArrayList<>();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, MtlsWebSecurityAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withBean(ObservationRegistry.class, this::registry)
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders");

	@Test
	void requestWithoutCertificateIsNotObservedPerFilter() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(SecurityObservationSettings.class).shouldObserveRequests()).isFalse();
			MockHttpServletResponse response = request(context);
			assertThat(response.getStatus()).isEqualTo(401);
			assertThat(response.getContentAsString()).contains("no_client_certificate");
			assertThat(this.started).noneMatch((name) -> name.startsWith("spring.security.filterchain"))
				.doesNotContain("spring.security.authorizations");
		});
	}

	@Test
	void applicationSettingsWin() {
		this.contextRunner
			.withBean("appObservations", SecurityObservationSettings.class,
					() -> SecurityObservationSettings.withDefaults().build())
			.run((context) -> {
				assertThat(context).hasSingleBean(SecurityObservationSettings.class);
				assertThat(context).doesNotHaveBean("mtlsSecurityObservationSettings");
				request(context);
				assertThat(this.started).contains("spring.security.authorizations");
			});
	}

	private static MockHttpServletResponse request(WebApplicationContext context) throws Exception {
		Filter chain = context.getBean("springSecurityFilterChain", Filter.class);
		MockServletContext servletContext = new MockServletContext();
		servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/orders");
		request.setSecure(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		chain.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				SecurityObservationDefaultsTests.this.started.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		return registry;
	}

}
