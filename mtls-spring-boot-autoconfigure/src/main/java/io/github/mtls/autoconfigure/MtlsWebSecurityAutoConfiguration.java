package io.github.mtls.autoconfigure;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.web.ActuatorAccess;
import io.github.mtls.web.ClientCertificateResolver;
import io.github.mtls.web.MtlsConfigurer;
import io.github.mtls.web.MtlsRequestRejectedHandler;
import io.github.mtls.web.RequestRefusals;
import io.github.mtls.web.PinnedIdentityUserDetailsService;
import io.github.mtls.web.SecondFactorConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security for servlet apps: pinned identities as the user-details service, the direct-mode
 * certificate resolver, and a default {@link SecurityFilterChain} that requires an authenticated
 * identity for every request, holds only the filters a stateless mTLS API needs (no session, request
 * cache, anonymous, logout or servlet-API-integration filters) and answers refusals as RFC 9457 problems. The
 * chain backs off when the application defines its own; such apps apply
 * {@link MtlsConfigurer#mtls()} with {@code http.with(...)}. The HTTP firewall's rejections are
 * answered as the {@code request_rejected} problem in either case.
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ConditionalOnDefaultWebSecurity.class,
		ServerProperties.class })
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties({ TrustProperties.class, ActuatorProperties.class })
public final class MtlsWebSecurityAutoConfiguration {

	/** Boot's actuator request matchers, and the actuator classes they need at runtime. */
	private static final String[] ACTUATOR_CLASSES = {
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest",
			"org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType",
			"org.springframework.boot.actuate.endpoint.annotation.Endpoint" };

	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	PinnedIdentityUserDetailsService mtlsUserDetailsService(CurrentConfiguration current) {
		return new PinnedIdentityUserDetailsService(() -> current.get().identities());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateResolver mtlsClientCertificateResolver() {
		return ClientCertificateResolver.direct();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestRefusals mtlsRequestRefusals(AuthenticationPipeline pipeline, ApplicationEventPublisher events) {
		return new RequestRefusals(pipeline, events);
	}

	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler mtlsRequestRejectedHandler(RequestRefusals refusals) {
		return new MtlsRequestRejectedHandler(refusals);
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings mtlsSecurityObservationSettings() {
		return observationSettings();
	}

	/**
	 * One observation per decision, none per filter: the request is already observed once by the web
	 * framework ({@code http.server.requests}), and Spring Security's request observation adds an
	 * observation around the chain and an event per filter, on every request. Authentication
	 * decisions stay observed; authorization decisions are counted by the starter's refusal metrics
	 * ({@code access_denied}) and the request's status. An application's own bean wins.
	 */
	static SecurityObservationSettings observationSettings() {
		return SecurityObservationSettings.withDefaults()
			.shouldObserveRequests(false)
			.shouldObserveAuthentications(true)
			.shouldObserveAuthorizations(false)
			.build();
	}

	@Bean
	@Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
	@ConditionalOnDefaultWebSecurity
	SecurityFilterChain mtlsSecurityFilterChain(HttpSecurity http, ActuatorProperties actuator) {
		if (ActuatorAvailable.on(getClass().getClassLoader(), ACTUATOR_CLASSES)) {
			http.authorizeHttpRequests(ActuatorAccess.requireAuthority(actuatorAuthority(actuator)));
		}
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		// Machine clients and no cookies or session: there is no ambient session for CSRF to ride on.
		http.csrf((csrf) -> csrf.disable());
		// Only what a stateless mTLS API needs: see MtlsConfigurer#leanChain and docs/identities.md.
		http.with(MtlsConfigurer.mtls(), MtlsConfigurer::leanChain);
		http.with(SecondFactorConfigurer.secondFactor(), Customizer.withDefaults());
		return http.build();
	}

	static String actuatorAuthority(ActuatorProperties actuator) {
		String authority = actuator.getAuthority();
		if (authority == null || authority.isBlank()) {
			throw new InvalidMtlsPropertyException("mtls.actuator.authority", String.valueOf(authority),
					"must not be blank", "Set 'mtls.actuator.authority' to the authority that may read Actuator, "
							+ "e.g. ACTUATOR, and grant it with 'mtls.identities.<name>.authorities'.");
		}
		return authority.trim();
	}

}
