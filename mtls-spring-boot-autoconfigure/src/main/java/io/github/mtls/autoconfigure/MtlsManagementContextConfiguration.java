package io.github.mtls.autoconfigure;

import io.github.mtls.actuate.MtlsEndpoint;
import io.github.mtls.web.RequestBodyLimit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * Wiring in the context that serves Actuator (the application's, or the management port's own):
 * the body limit of the {@code mtls} endpoint's verify operation
 * ({@code mtls.actuator.verify-max-body-size}).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnAvailableEndpoint(MtlsEndpoint.class)
@EnableConfigurationProperties(ActuatorProperties.class)
public final class MtlsManagementContextConfiguration {

	/** Room for a chain of many large certificates, far below what would make parsing slow. */
	static final DataSize LARGEST_VERIFY_BODY = DataSize.ofMegabytes(1);

	@Bean
	FilterRegistrationBean<RequestBodyLimit> mtlsVerifyBodyLimit(ActuatorProperties properties,
			ObjectProvider<PathMappedEndpoints> endpoints) {
		DataSize limit = properties.getVerifyMaxBodySize();
		if (limit == null || limit.toBytes() < 1 || limit.compareTo(LARGEST_VERIFY_BODY) > 0) {
			throw new InvalidMtlsPropertyException("mtls.actuator.verify-max-body-size", String.valueOf(limit),
					"must be between 1B and " + LARGEST_VERIFY_BODY,
					"Set 'mtls.actuator.verify-max-body-size' to a size such as 64KB.");
		}
		FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
				new RequestBodyLimit((int) limit.toBytes()));
		PathMappedEndpoints paths = endpoints.getIfAvailable();
		String path = (paths != null) ? paths.getPath(EndpointId.of("mtls")) : null;
		if (path != null) {
			registration.addUrlPatterns(path);
		}
		else {
			registration.setEnabled(false);
		}
		return registration;
	}

}
