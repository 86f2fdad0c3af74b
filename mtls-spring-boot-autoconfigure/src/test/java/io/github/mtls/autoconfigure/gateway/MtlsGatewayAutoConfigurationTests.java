package io.github.mtls.autoconfigure.gateway;

import io.github.mtls.autoconfigure.InvalidMtlsPropertyException;
import io.github.mtls.autoconfigure.MtlsAutoConfiguration;
import io.github.mtls.autoconfigure.MtlsReactiveWebSecurityAutoConfiguration;
import io.github.mtls.gateway.CertificateHeaderRemoval;
import io.github.mtls.gateway.ClientCertificateForwarding;
import io.github.mtls.gateway.MtlsIdentityRoutePredicateFactory;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cloud.gateway.filter.GlobalFilter;

import static org.assertj.core.api.Assertions.assertThat;

class MtlsGatewayAutoConfigurationTests {

	static final TestPki pki = TestPki.shared();

	final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class,
				MtlsReactiveWebSecurityAutoConfiguration.class, MtlsGatewayAutoConfiguration.class,
				SslAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
				ReactiveUserDetailsServiceAutoConfiguration.class))
		.withPropertyValues("spring.ssl.bundle.pem.clients.truststore.certificate=" + pki.root().certificatePem(),
				"mtls.trust.bundle=clients", "mtls.identities.orders.subject-dn=CN=orders",
				"spring.cloud.gateway.server.webflux.enabled=true");

	@Test
	void gatewayGetsTheForwardingFilterAndTheIdentityPredicate() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ClientCertificateForwarding.class);
			assertThat(context).hasSingleBean(CertificateHeaderRemoval.class);
			assertThat(context).hasSingleBean(MtlsIdentityRoutePredicateFactory.class);
		});
	}

	@Test
	void everyFormatsHeaderAndTheForwardedOnesAreRemovedByDefault() {
		this.runner.withPropertyValues("mtls.gateway.forward-format=xfcc")
			.run((context) -> assertThat(context.getBean(CertificateHeaderRemoval.class).removedHeaders())
				.containsExactlyInAnyOrder("Client-Cert", "Client-Cert-Chain", "X-Forwarded-Client-Cert",
						"X-SSL-Client-Cert", "X-Forwarded-Tls-Client-Cert", "X-Amzn-Mtls-Clientcert",
						"x-forwarded-client-cert"));
	}

	@Test
	void forwardedHeadersAreRemovedEvenWhenTheListLeavesThemOut() {
		this.runner.withPropertyValues("mtls.gateway.removed-headers=X-Client-Cert")
			.run((context) -> assertThat(context.getBean(CertificateHeaderRemoval.class).removedHeaders())
				.containsExactlyInAnyOrder("X-Client-Cert", "Client-Cert", "Client-Cert-Chain"));
	}

	@Test
	void formatTheGatewayCannotWriteStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.gateway.forward-format=nginx").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidMtlsPropertyException.class)
				.hasMessageContaining("mtls.gateway.forward-format");
		});
	}

	@Test
	void removedHeaderThatIsNoHeaderNameStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.gateway.removed-headers=Client-Cert,X Cert").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidMtlsPropertyException.class)
				.hasMessageContaining("mtls.gateway.removed-headers[1]");
		});
	}

	@Test
	void backsOffWithoutTheGateway() {
		this.runner.withClassLoader(new FilteredClassLoader(GlobalFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientCertificateForwarding.class)
				.hasNotFailed());
	}

	@Test
	void backsOffWhenTheGatewayIsSwitchedOff() {
		this.runner.withPropertyValues("spring.cloud.gateway.server.webflux.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientCertificateForwarding.class));
	}

	@Test
	void switchedOffForwardingSetsNoHeaderAndStillRemovesTheClientsOwn() {
		this.runner.withPropertyValues("mtls.gateway.forward-certificate=false").run((context) -> {
			assertThat(context.getBean(ClientCertificateForwarding.class).headerNames()).isEmpty();
			assertThat(context.getBean(CertificateHeaderRemoval.class).removedHeaders()).contains("Client-Cert");
		});
	}

}
