package io.github.mtls.autoconfigure;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.web.ClientCertificateResolver;
import io.github.mtls.web.MtlsConfigurer;
import io.github.mtls.web.PinnedIdentityUserDetailsService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for servlet apps: pinned identities as the user-details service, the direct-mode
 * certificate resolver, and a default {@link SecurityFilterChain} that requires an authenticated
 * identity for every request, keeps no HTTP session and answers refusals as RFC 9457 problems. The
 * chain backs off when the application defines its own; such apps apply
 * {@link MtlsConfigurer#mtls()} with {@code http.with(...)}.
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ConditionalOnDefaultWebSecurity.class,
		ServerProperties.class })
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties(TrustProperties.class)
public final class MtlsWebSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(UserDetailsService.class)
	PinnedIdentityUserDetailsService mtlsUserDetailsService(IdentityIndex identities) {
		return new PinnedIdentityUserDetailsService(identities);
	}

	@Bean
	@ConditionalOnMissingBean
	ClientTrust mtlsClientTrust(TrustProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ServerProperties> server) {
		String bundle = properties.getBundle();
		if (bundle != null) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null || !bundles.getBundleNames().contains(bundle)) {
				throw new InvalidMtlsPropertyException("mtls.trust.bundle", bundle, "no SSL bundle of that name",
						"Define 'spring.ssl.bundle.pem." + bundle + ".truststore.*' (or jks), or correct the name.");
			}
			return ClientTrust.of("bundle '" + bundle + "'", bundles.getBundle(bundle).getStores().getTrustStore());
		}
		Ssl ssl = (server.getIfAvailable() != null) ? server.getIfAvailable().getSsl() : null;
		if (ssl == null || !Ssl.isEnabled(ssl)) {
			return ClientTrust.of("none", null);
		}
		return ClientTrust.of("server.ssl", WebServerSslBundle.get(ssl, sslBundles.getIfAvailable())
			.getStores()
			.getTrustStore());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateResolver mtlsClientCertificateResolver() {
		return ClientCertificateResolver.direct();
	}

	@Bean
	@Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
	@ConditionalOnDefaultWebSecurity
	SecurityFilterChain mtlsSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		// Machine clients and no cookies or session: there is no ambient session for CSRF to ride on.
		http.csrf((csrf) -> csrf.disable());
		http.with(MtlsConfigurer.mtls(), Customizer.withDefaults());
		return http.build();
	}

}
