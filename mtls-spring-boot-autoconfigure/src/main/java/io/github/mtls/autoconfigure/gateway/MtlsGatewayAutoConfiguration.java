package io.github.mtls.autoconfigure.gateway;

import java.util.List;

import io.github.mtls.autoconfigure.InvalidMtlsPropertyException;
import io.github.mtls.autoconfigure.MtlsReactiveWebSecurityAutoConfiguration;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.gateway.CertificateHeaderRemoval;
import io.github.mtls.gateway.ClientCertificateForwarding;
import io.github.mtls.gateway.MtlsIdentityRoutePredicateFactory;
import io.github.mtls.proxy.ForwardedCertificateEncoder;
import io.github.mtls.web.reactive.ServerCertificateResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Spring Cloud Gateway (server-webflux) as the mTLS edge. The gateway authenticates every client
 * with the reactive adapter's chain like any WebFlux application; this adds the
 * {@link CertificateHeaderRemoval} global filter (client-supplied certificate headers removed from
 * every request), the {@link ClientCertificateForwarding} request-header filter (the accepted
 * certificate forwarded on every route) and the {@code MtlsIdentity} route predicate.
 * Absent without the gateway on the class path, or when the gateway is switched off.
 */
@AutoConfiguration(after = MtlsReactiveWebSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ GlobalFilter.class, SecurityWebFilterChain.class })
@ConditionalOnBooleanProperty(name = "spring.cloud.gateway.server.webflux.enabled", matchIfMissing = true)
@ConditionalOnBean({ AuthenticationPipeline.class, ServerCertificateResolver.class })
@EnableConfigurationProperties(GatewayProperties.class)
public final class MtlsGatewayAutoConfiguration {

	/** RFC 9110 section 5.6.2: a field name is a token. */
	private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateForwarding mtlsClientCertificateForwarding(GatewayProperties properties,
			ServerCertificateResolver presented) {
		return new ClientCertificateForwarding(encoder(properties), presented);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateHeaderRemoval mtlsCertificateHeaderRemoval(GatewayProperties properties,
			ClientCertificateForwarding forwarding) {
		return new CertificateHeaderRemoval(removedHeaders(properties), forwarding);
	}

	@Bean
	@ConditionalOnMissingBean
	MtlsIdentityRoutePredicateFactory mtlsIdentityRoutePredicateFactory() {
		return new MtlsIdentityRoutePredicateFactory();
	}

	static List<String> removedHeaders(GatewayProperties properties) {
		List<String> names = properties.getRemovedHeaders();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || !name.strip().matches(TOKEN)) {
				throw new InvalidMtlsPropertyException("mtls.gateway.removed-headers[" + i + "]", String.valueOf(name),
						"not an HTTP header name", "List header names such as Client-Cert or X-SSL-Client-Cert.");
			}
		}
		return names.stream().map(String::strip).toList();
	}

	static @Nullable ForwardedCertificateEncoder encoder(GatewayProperties properties) {
		if (!ForwardedCertificateEncoder.encodes(properties.getForwardFormat())) {
			throw new InvalidMtlsPropertyException("mtls.gateway.forward-format",
					properties.getForwardFormat().name().toLowerCase(java.util.Locale.ROOT),
					"the gateway forwards certificates as rfc9440 or xfcc only",
					"Use 'rfc9440' (the default) or 'xfcc', and the same mtls.proxy.header-format on the backend.");
		}
		return properties.isForwardCertificate() ? new ForwardedCertificateEncoder(properties.getForwardFormat()) : null;
	}

}
