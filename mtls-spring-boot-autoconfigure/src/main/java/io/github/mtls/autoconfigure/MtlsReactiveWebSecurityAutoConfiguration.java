package io.github.mtls.autoconfigure;

import io.github.mtls.audit.SuccessEvents;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.factor.SecondFactorRequirement;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.web.reactive.MtlsAuthenticationWebFilter;
import io.github.mtls.web.reactive.MtlsServerSecurity;
import io.github.mtls.web.reactive.PinnedIdentityReactiveUserDetailsService;
import io.github.mtls.web.reactive.RequestIdentityAccessor;
import io.github.mtls.web.reactive.SecondFactorWebFilter;
import io.github.mtls.web.reactive.ServerCertificateResolver;
import io.github.mtls.web.reactive.ServerRequestRefusals;
import io.github.mtls.web.reactive.ServerSecondFactor;
import io.micrometer.context.ContextRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

/**
 * Spring Security for WebFlux apps, from the same {@code mtls.*} properties as the servlet side:
 * pinned identities as the {@link ReactiveUserDetailsService}, the direct-mode
 * {@link ServerCertificateResolver}, the {@link MtlsServerSecurity} customizer, and a default
 * {@link SecurityWebFilterChain} that requires an authenticated identity for every exchange (Actuator
 * endpoints but health for {@code mtls.actuator.authority}), keeps no session and answers refusals
 * as RFC 9457 problems. The chain backs off when the application defines its own; such apps apply
 * the {@link MtlsServerSecurity} bean to it.
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ SecurityWebFilterChain.class, ServerHttpSecurity.class })
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties(ActuatorProperties.class)
public final class MtlsReactiveWebSecurityAutoConfiguration {

	/** Boot's reactive actuator matchers, and the actuator classes they need at runtime. */
	private static final String[] ACTUATOR_CLASSES = {
			"org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest",
			"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType",
			"org.springframework.boot.actuate.endpoint.annotation.Endpoint" };

	@Bean
	@ConditionalOnMissingBean(ReactiveUserDetailsService.class)
	PinnedIdentityReactiveUserDetailsService mtlsReactiveUserDetailsService(IdentityIndex identities) {
		return new PinnedIdentityReactiveUserDetailsService(identities);
	}

	@Bean
	@ConditionalOnMissingBean
	ServerCertificateResolver mtlsServerCertificateResolver() {
		return ServerCertificateResolver.direct();
	}

	@Bean
	@ConditionalOnMissingBean
	ServerRequestRefusals mtlsServerRequestRefusals(AuthenticationPipeline pipeline,
			ApplicationEventPublisher events) {
		return new ServerRequestRefusals(pipeline, events);
	}

	/**
	 * Answers an exchange that Spring Security's firewall rejects as the {@code request_rejected}
	 * problem, logged, counted and published like every other refusal, where the default handler
	 * answers a bare 400 that nothing records. The firewall runs before any filter, so the refusal
	 * carries no certificate, as on the servlet side.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServerExchangeRejectedHandler mtlsServerExchangeRejectedHandler(ServerRequestRefusals refusals) {
		return (exchange, rejected) -> refusals.answer(exchange,
				new Refusal(RefusalReason.REQUEST_REJECTED, "rejected by the HTTP firewall"), null);
	}

	@Bean
	@ConditionalOnMissingBean
	MtlsServerSecurity mtlsServerSecurity(AuthenticationPipeline pipeline, ServerCertificateResolver resolver,
			ReactiveUserDetailsService users, ServerRequestRefusals refusals, ApplicationEventPublisher events,
			ObjectProvider<ServerSecondFactor> secondFactor, ObjectProvider<SecondFactorRequirement> requirement,
			SuccessEvents successEvents) {
		ServerSecondFactor factor = secondFactor.getIfAvailable();
		SecondFactorRequirement required = requirement.getIfAvailable();
		MtlsAuthenticationWebFilter filter = new MtlsAuthenticationWebFilter(pipeline, resolver, users, refusals, events);
		filter.setSuccessEvents(successEvents);
		return new MtlsServerSecurity(filter, refusals, (factor != null && required != null)
				? SecondFactorWebFilter.requiredOn(required.paths(), factor, refusals) : null);
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings mtlsSecurityObservationSettings() {
		return MtlsWebSecurityAutoConfiguration.observationSettings();
	}

	@Bean
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	SecurityWebFilterChain mtlsSecurityWebFilterChain(ServerHttpSecurity http, MtlsServerSecurity mtls,
			ActuatorProperties actuator) {
		if (ActuatorAvailable.on(getClass().getClassLoader(), ACTUATOR_CLASSES)) {
			String authority = MtlsWebSecurityAutoConfiguration.actuatorAuthority(actuator);
			http.authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to("health"))
				.authenticated()
				.matchers(EndpointRequest.toAnyEndpoint())
				.hasAuthority(authority));
		}
		http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
		// Machine clients and no cookies or session: there is no ambient session for CSRF to ride on.
		http.csrf((csrf) -> csrf.disable());
		// MtlsServerSecurity itself is applied by Spring Security 7 to every ServerHttpSecurity (a
		// Customizer bean); the chain adds the lean set (see docs/reactive.md).
		mtls.leanChain().customize(http);
		return http.build();
	}

	/** The exchange's identity in the logging MDC wherever Micrometer's context propagation reaches. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ContextRegistry.class)
	static final class RequestIdentityPropagation {

		RequestIdentityPropagation() {
			ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdentityAccessor());
		}

	}

}
