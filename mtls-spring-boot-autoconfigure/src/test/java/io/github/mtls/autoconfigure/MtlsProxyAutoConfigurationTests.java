package io.github.mtls.autoconfigure;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.Decision;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.proxy.HeaderFormat;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import io.github.mtls.web.ClientCertificateResolver;
import io.github.mtls.web.KubernetesPod;
import io.github.mtls.web.ProxyClientCertificateResolver;
import io.github.mtls.web.reactive.ServerCertificateResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class MtlsProxyAutoConfigurationTests {

	static final TestPki pki = TestPki.shared();

	final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, MtlsProxyAutoConfiguration.class,
				MtlsWebSecurityAutoConfiguration.class, SslAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("spring.ssl.bundle.pem.clients.truststore.certificate=" + pki.root().certificatePem(),
				"mtls.identities.orders.subject-dn=CN=orders");

	final WebApplicationContextRunner proxyMode = this.runner.withPropertyValues("mtls.proxy.enabled=true",
			"mtls.trust.bundle=clients", "mtls.proxy.trusted-proxies=10.0.0.0/8");

	@Test
	void proxyModeReplacesTheDirectResolver() {
		this.proxyMode.run((context) -> {
			assertThat(context).hasSingleBean(ClientCertificateResolver.class);
			assertThat(context).getBean(ClientCertificateResolver.class).isInstanceOf(ProxyClientCertificateResolver.class);
			assertThat(context.getBean(ForwardedCertificates.class).revalidates()).isTrue();
			assertThat(context.getBean(ForwardedCertificates.class).format()).isEqualTo(HeaderFormat.RFC9440);
		});
	}

	@Test
	void withoutProxyModeTheResolverReadsTheHandshake() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AuthenticationPipeline.class);
			assertThat(context).doesNotHaveBean(ForwardedCertificates.class);
			assertThat(context).getBean(ClientCertificateResolver.class)
				.isNotInstanceOf(ProxyClientCertificateResolver.class);
		});
	}

	@Test
	void applicationResolverWins() {
		ClientCertificateResolver own = (request, pipeline) -> pipeline.authenticate(null,
				io.github.mtls.core.CertificateOrigin.DIRECT);
		this.proxyMode.withBean(ClientCertificateResolver.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClientCertificateResolver.class).isSameAs(own));
	}

	@Test
	void headerFormatsBindFromTheirKebabCaseNames() {
		this.proxyMode.withPropertyValues("mtls.proxy.header-format=aws-alb")
			.run((context) -> assertThat(context.getBean(ForwardedCertificates.class).format())
				.isEqualTo(HeaderFormat.AWS_ALB));
	}

	@Test
	void withoutRevalidationNoTrustAnchorsAreNeeded() {
		this.runner.withPropertyValues("mtls.proxy.enabled=true", "mtls.proxy.trusted-proxies=10.0.0.0/8",
				"mtls.proxy.header-format=nginx", "mtls.proxy.revalidate-chain=false")
			.run((context) -> assertThat(context.getBean(ForwardedCertificates.class).revalidates()).isFalse());
	}

	@Test
	void proxyModeWithoutTrustedProxiesFailsNamingTheProperty() {
		this.runner.withPropertyValues("mtls.proxy.enabled=true", "mtls.trust.bundle=clients")
			.run(failsNaming("mtls.proxy.trusted-proxies"));
	}

	@Test
	void proxyModeWithoutTrustAnchorsFailsNamingTheTrustBundle() {
		this.runner.withPropertyValues("mtls.proxy.enabled=true", "mtls.proxy.trusted-proxies=10.0.0.0/8")
			.run(failsNaming("mtls.trust.bundle"));
	}

	@ParameterizedTest(name = "{0}={1} fails naming {2}")
	@CsvSource(delimiter = '|', value = { "mtls.proxy.trusted-proxies|10.0.0.0/8,proxy.example.com|mtls.proxy.trusted-proxies[1]",
			"mtls.proxy.trusted-proxies|10.0.0.1/8|mtls.proxy.trusted-proxies[0]",
			"mtls.proxy.trusted-proxies|0.0.0.0/0|mtls.proxy.trusted-proxies",
			"mtls.proxy.trusted-proxy-dn|not a dn|mtls.proxy.trusted-proxy-dn",
			"mtls.proxy.max-chain-length|0|mtls.proxy.max-chain-length",
			"mtls.proxy.max-header-size|100B|mtls.proxy.max-header-size",
			"mtls.proxy.header-name|X Client Cert|mtls.proxy.header-name" })
	void invalidPropertyFailsStartupNamingIt(String property, String value, String named) {
		this.proxyMode.withPropertyValues(property + "=" + value).run(failsNaming(named));
	}

	@Test
	void awsAlbRefusesToSkipRevalidation() {
		this.proxyMode.withPropertyValues("mtls.proxy.header-format=aws-alb", "mtls.proxy.revalidate-chain=false")
			.run(failsNaming("mtls.proxy.revalidate-chain"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "native", "framework" })
	void onTomcatAForwardHeadersStrategyIsAllowedBecauseThePeerAddressIsRecorded(String strategy) {
		this.proxyMode.withPropertyValues("server.forward-headers-strategy=" + strategy).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasBean("mtlsPeerAddressCustomizer");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "native", "framework" })
	void withoutTomcatAForwardHeadersStrategyFailsStartupNamingIt(String strategy) {
		this.proxyMode.withClassLoader(new FilteredClassLoader(ConfigurableTomcatWebServerFactory.class))
			.withPropertyValues("server.forward-headers-strategy=" + strategy)
			.run(failsNaming("server.forward-headers-strategy", strategy, "set by server.forward-headers-strategy",
					"server.forward-headers-strategy=none"));
	}

	@Test
	void withoutTomcatKubernetesDetectionFailsStartupSayingWhyTheStrategyIsOn() {
		this.proxyMode.withClassLoader(new FilteredClassLoader(ConfigurableTomcatWebServerFactory.class))
			.withInitializer(new KubernetesPod())
			.run(failsNaming("server.forward-headers-strategy", "native",
					"Kubernetes detected from KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT",
					"server.forward-headers-strategy=none"));
	}

	@Test
	void withoutTomcatStrategyNoneWinsOverKubernetesDetection() {
		this.proxyMode.withClassLoader(new FilteredClassLoader(ConfigurableTomcatWebServerFactory.class))
			.withInitializer(new KubernetesPod())
			.withPropertyValues("server.forward-headers-strategy=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("mtlsPeerAddressCustomizer");
			});
	}

	final ReactiveWebApplicationContextRunner reactiveProxyMode = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, MtlsProxyAutoConfiguration.class,
				MtlsReactiveWebSecurityAutoConfiguration.class, SslAutoConfiguration.class,
				ReactiveWebSecurityAutoConfiguration.class))
		.withPropertyValues("spring.ssl.bundle.pem.clients.truststore.certificate=" + pki.root().certificatePem(),
				"mtls.identities.orders.subject-dn=CN=orders", "mtls.proxy.enabled=true", "mtls.trust.bundle=clients",
				"mtls.proxy.trusted-proxies=10.0.0.0/8");

	@ParameterizedTest
	@ValueSource(strings = { "native", "framework" })
	void onReactiveTomcatAForwardHeadersStrategyIsAllowedBecauseThePeerAddressIsRecorded(String strategy) {
		this.reactiveProxyMode.withClassLoader(new FilteredClassLoader("reactor.netty.Connection"))
			.withPropertyValues("server.forward-headers-strategy=" + strategy)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ServerCertificateResolver.class);
				assertThat(context).hasBean("mtlsPeerAddressCustomizer");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "native", "framework" })
	void onAReactiveServerOtherThanReactorNettyOrTomcatAForwardHeadersStrategyFailsStartupNamingIt(String strategy) {
		this.reactiveProxyMode
			.withClassLoader(new FilteredClassLoader("reactor.netty.Connection",
					ConfigurableTomcatWebServerFactory.class.getName()))
			.withPropertyValues("server.forward-headers-strategy=" + strategy)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidMtlsPropertyException.class, (ex) -> {
						assertThat(ex.getProperty()).isEqualTo("server.forward-headers-strategy");
						assertThat(ex.getAction()).contains("server.forward-headers-strategy=none",
								"Reactor Netty or Tomcat");
					});
			});
	}

	@ParameterizedTest(name = "strategy {0}, peer attribute {1}, remote address 10.0.0.5: {2}")
	@CsvSource(nullValues = "absent", value = {
			// With a strategy, the remote address may come from X-Forwarded-For: only the peer counts.
			"native,    absent,    untrusted_proxy_header",
			"framework, absent,    untrusted_proxy_header",
			"native,    127.0.0.1, untrusted_proxy_header",
			"native,    10.0.0.9,  accepted",
			// Without one, the remote address is the peer (any servlet container).
			"none,      absent,    accepted",
			"none,      127.0.0.1, untrusted_proxy_header" })
	void theTrustedProxyCheckReadsThePeerAddressAndFailsClosedWithoutIt(String strategy, String peer,
			String outcome) {
		TestCertificate orders = pki.client("CN=orders");
		this.proxyMode.withPropertyValues("server.forward-headers-strategy=" + strategy).run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/whoami");
			request.setRemoteAddr("10.0.0.5");
			if (peer != null) {
				request.setAttribute(ProxyClientCertificateResolver.PEER_ADDRESS_ATTRIBUTE, peer);
			}
			request.addHeader("Client-Cert", ForwardedCertificateHeaders.rfc9440(orders));
			Decision decision = context.getBean(ClientCertificateResolver.class)
				.resolve(request, context.getBean(AuthenticationPipeline.class));
			String result = (decision instanceof Decision.Refused refused) ? refused.reason().code() : "accepted";
			assertThat(result).isEqualTo(outcome);
		});
	}

	static ContextConsumer<AssertableWebApplicationContext> failsNaming(String property, String value,
			String... inMessage) {
		return (context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidMtlsPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo(property);
					assertThat(ex.getValue()).isEqualTo(value);
					assertThat(ex.getProblem() + " " + ex.getAction()).contains(inMessage);
				});
		};
	}

	static ContextConsumer<AssertableWebApplicationContext> failsNaming(String property) {
		return (context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidMtlsPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo(property));
		};
	}

}
