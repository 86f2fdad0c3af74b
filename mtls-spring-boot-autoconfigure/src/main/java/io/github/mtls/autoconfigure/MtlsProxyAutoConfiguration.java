package io.github.mtls.autoconfigure;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.Names;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.proxy.HeaderFormat;
import io.github.mtls.proxy.TrustedProxies;
import io.github.mtls.web.ClientCertificateResolver;
import io.github.mtls.web.PeerAddressValve;
import io.github.mtls.web.ProxyClientCertificateResolver;
import io.github.mtls.web.reactive.ProxyServerCertificateResolver;
import io.github.mtls.web.reactive.ServerCertificateResolver;
import io.github.mtls.proxy.ProxyTrust;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Proxy mode ({@code mtls.proxy.enabled=true}): the stack-neutral {@link ProxyTrust} rules (trusted
 * proxies, header format, re-validation against {@code mtls.trust.bundle}) for any web application,
 * and the adapter of each stack that reads a request with them in place of direct mode: a
 * {@link ClientCertificateResolver} on a servlet server, a {@link ServerCertificateResolver} on a
 * reactive one. Every property is checked here, at startup.
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		before = { MtlsWebSecurityAutoConfiguration.class, MtlsReactiveWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnClass(ServerProperties.class)
@ConditionalOnBooleanProperty("mtls.proxy.enabled")
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties(ProxyProperties.class)
public final class MtlsProxyAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MtlsProxyAutoConfiguration.class);

	private static final String TOMCAT_FACTORY = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory";

	private static final String REACTOR_NETTY_CONNECTION = "reactor.netty.Connection";

	@Bean
	@ConditionalOnMissingBean
	TrustedProxies mtlsTrustedProxies(ProxyProperties properties) {
		return trustedProxies(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ForwardedCertificates mtlsForwardedCertificates(ProxyProperties properties, ClientTrust trust,
			CertificateCacheLimits limits) {
		HeaderFormat format = properties.getHeaderFormat();
		if (properties.getMaxChainLength() < 1) {
			throw new InvalidMtlsPropertyException("mtls.proxy.max-chain-length",
					String.valueOf(properties.getMaxChainLength()), "must be at least 1",
					"Set it to the longest client chain you expect, leaf included (default 5).");
		}
		if (properties.getMaxHeaderSize().toBytes() < 1024) {
			throw new InvalidMtlsPropertyException("mtls.proxy.max-header-size",
					properties.getMaxHeaderSize().toString(), "must be at least 1KB (one certificate)",
					"Set it to fit the longest forwarded chain (default 32KB), and raise server.max-http-request-header-size to match.");
		}
		if (!properties.isRevalidateChain()) {
			if (format.forwardsUnverified()) {
				throw new InvalidMtlsPropertyException("mtls.proxy.revalidate-chain", "false",
						"the " + format.name().toLowerCase(java.util.Locale.ROOT)
								+ " format forwards certificates the proxy may never have verified",
						"Remove 'mtls.proxy.revalidate-chain=false'; the chain is validated against mtls.trust.bundle.");
			}
			logger.warn("mtls.proxy.revalidate-chain=false: forwarded client certificates are trusted as the proxy "
					+ "validated them; the application checks only their policy, identity and revocation");
		}
		else if (trust.anchors().isEmpty()) {
			throw new InvalidMtlsPropertyException("mtls.trust.bundle", String.valueOf(trust.source()),
					"proxy mode re-validates forwarded chains, but there are no trust anchors",
					"Set 'mtls.trust.bundle' to an SSL bundle (spring.ssl.bundle.*) whose trust store holds the CAs "
							+ "that issue client certificates.");
		}
		return new ForwardedCertificates(format, properties.isRevalidateChain(), properties.getMaxChainLength(),
				properties.getMaxHeaderSize().toBytes(), limits);
	}

	@Bean
	@ConditionalOnMissingBean
	ProxyTrust mtlsProxyTrust(ProxyProperties properties, TrustedProxies proxies, ForwardedCertificates certificates,
			CertificateFactsCache facts) {
		HeaderFormat format = properties.getHeaderFormat();
		String header = headerName("mtls.proxy.header-name", properties.getHeaderName(), format.certificateHeader());
		String chainHeader = (properties.getChainHeaderName() != null)
				? headerName("mtls.proxy.chain-header-name", properties.getChainHeaderName(), null)
				: format.chainHeader();
		String proxyDn = properties.getTrustedProxyDn();
		String proxySubject = null;
		if (proxyDn != null) {
			try {
				proxySubject = Names.dn(proxyDn);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidMtlsPropertyException("mtls.proxy.trusted-proxy-dn", proxyDn, ex.getMessage(),
						"Write the proxy certificate's subject as an RFC 4514 DN, for example 'CN=edge-proxy,O=Acme'.");
			}
		}
		logger.info("mTLS proxy mode: {} certificates in header {} accepted from {}{}",
				format.name().toLowerCase(java.util.Locale.ROOT), header, proxies,
				certificates.revalidates() ? ", re-validated" : ", not re-validated");
		return new ProxyTrust(proxies, proxySubject, header, chainHeader, certificates, facts);
	}

	/**
	 * The forward-headers strategy in effect, when the server may take the remote address from
	 * {@code X-Forwarded-For}: logged, or refused at startup when the server cannot tell the
	 * connection's own peer address instead (any client could then claim to be the trusted proxy).
	 * @param peerReadable whether this server records the connection's own peer address
	 * @param server what to run on instead, for the message
	 */
	static ForwardHeadersInEffect forwardHeaders(Environment environment, boolean peerReadable, String server) {
		ForwardHeadersInEffect forwardHeaders = ForwardHeadersInEffect.of(environment);
		if (forwardHeaders.rewritesRemoteAddress()) {
			if (!peerReadable) {
				throw new InvalidMtlsPropertyException(ForwardHeadersInEffect.PROPERTY, forwardHeaders.name(),
						"in effect (" + forwardHeaders.cause() + "): it takes the remote address from "
								+ "X-Forwarded-For, and on this web server proxy mode cannot read the connection's "
								+ "own peer address instead",
						"Set 'server.forward-headers-strategy=none' while mtls.proxy.enabled=true, or run on " + server
								+ ".");
			}
			logger.info("mTLS proxy mode: forward-headers strategy {} ({}); the trusted-proxy check ignores it and "
					+ "reads the connection's own peer address", forwardHeaders.name(), forwardHeaders.cause());
		}
		return forwardHeaders;
	}

	/** Proxy mode on a servlet server. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(SecurityFilterChain.class)
	@ConditionalOnBooleanProperty("mtls.proxy.enabled") // also when a test's component scan finds it
	static final class ServletProxyConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClientCertificateResolver.class)
		ProxyClientCertificateResolver mtlsProxyClientCertificateResolver(ProxyTrust trust, Environment environment,
				ResourceLoader resourceLoader) {
			ForwardHeadersInEffect forwardHeaders = forwardHeaders(environment,
					ClassUtils.isPresent(TOMCAT_FACTORY, resourceLoader.getClassLoader()), "Tomcat");
			return new ProxyClientCertificateResolver(trust, forwardHeaders.rewritesRemoteAddress());
		}

	}

	/** Proxy mode on a reactive server. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(SecurityWebFilterChain.class)
	@ConditionalOnBooleanProperty("mtls.proxy.enabled") // also when a test's component scan finds it
	static final class ReactiveProxyConfiguration {

		@Bean
		@ConditionalOnMissingBean(ServerCertificateResolver.class)
		ProxyServerCertificateResolver mtlsProxyServerCertificateResolver(ProxyTrust trust, Environment environment,
				ResourceLoader resourceLoader) {
			// Reactor Netty's channel and Tomcat's socket (PeerAddressValve) name the connection's own
			// peer, which no forwarded handling rewrites; at runtime, no peer found means nothing trusted.
			ClassLoader classLoader = resourceLoader.getClassLoader();
			ForwardHeadersInEffect forwardHeaders = forwardHeaders(environment,
					ClassUtils.isPresent(REACTOR_NETTY_CONNECTION, classLoader)
							|| ClassUtils.isPresent(TOMCAT_FACTORY, classLoader),
					"Reactor Netty or Tomcat");
			return new ProxyServerCertificateResolver(trust, forwardHeaders.rewritesRemoteAddress());
		}

	}

	/**
	 * On Tomcat, servlet or reactive, the trusted-proxy check reads the connection's peer address,
	 * which no forward-headers strategy rewrites.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = TOMCAT_FACTORY)
	static final class TomcatPeerAddressConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> mtlsPeerAddressCustomizer() {
			return (factory) -> factory.addEngineValves(new PeerAddressValve());
		}

	}

	static TrustedProxies trustedProxies(ProxyProperties properties) {
		if (properties.getTrustedProxies().isEmpty()) {
			throw new InvalidMtlsPropertyException("mtls.proxy.trusted-proxies", "",
					"required when mtls.proxy.enabled=true: without it anyone who reaches the application could "
							+ "forge the certificate header",
					"List the addresses or CIDR ranges of your TLS-terminating proxies, for example "
							+ "'mtls.proxy.trusted-proxies=10.0.0.0/8,fd00::/8'.");
		}
		for (int i = 0; i < properties.getTrustedProxies().size(); i++) {
			String range = properties.getTrustedProxies().get(i);
			try {
				TrustedProxies.of(java.util.List.of(range));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidMtlsPropertyException("mtls.proxy.trusted-proxies[" + i + "]", range, ex.getMessage(),
						"Use an IPv4 or IPv6 address or CIDR range such as 10.0.0.0/8 or fd00::/8; host names are not allowed.");
			}
		}
		TrustedProxies proxies = TrustedProxies.of(properties.getTrustedProxies());
		if (proxies.containsEverything()) {
			throw new InvalidMtlsPropertyException("mtls.proxy.trusted-proxies", proxies.ranges().toString(),
					"a /0 range trusts every address, so anyone could forge the certificate header",
					"List only the addresses of your proxies.");
		}
		return proxies;
	}

	private static String headerName(String property, @org.jspecify.annotations.Nullable String value,
			@org.jspecify.annotations.Nullable String fallback) {
		String name = (value != null) ? value.strip() : fallback;
		if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
			throw new InvalidMtlsPropertyException(property, String.valueOf(value), "not an HTTP header name",
					"Use the header name your proxy sets, for example X-SSL-Client-Cert.");
		}
		return name;
	}

}
