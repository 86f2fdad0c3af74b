package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.mtls.audit.MtlsAuthenticationFailureEvent;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.handshake.HandshakeRefusals;
import io.github.mtls.handshake.NettyHandshakeObservation;
import io.github.mtls.handshake.TomcatHandshakeObservation;
import org.apache.catalina.startup.Tomcat;
import reactor.netty.http.server.HttpServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the TLS handshake's refusals of client certificates visible (logged, counted, shown by the
 * Actuator endpoint and published as authentication failure events) and, with
 * {@code mtls.handshake.defer-refusals}, defers them to the pipeline. On Tomcat (serving Spring MVC
 * or WebFlux through its reactive adapter) the observed trust manager is hooked into the SSL context
 * Tomcat builds from the server's SSL bundle; on Reactor Netty into the bundle Boot builds Netty's
 * SSL context from. Each customizer is applied only by its own server's factory.
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(ServerProperties.class)
@ConditionalOnBean(AuthenticationPipeline.class)
@EnableConfigurationProperties(HandshakeProperties.class)
public final class MtlsHandshakeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HandshakeRefusals mtlsHandshakeRefusals(AuthenticationPipeline pipeline, ApplicationEventPublisher events) {
		return new HandshakeRefusals(pipeline, (refused) -> events.publishEvent(MtlsAuthenticationFailureEvent.of(refused)));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatConnectorCustomizer.class })
	static final class TomcatObservation {

		@Bean
		@ConditionalOnMissingBean
		TomcatHandshakeObservation mtlsTomcatHandshakeObservation(HandshakeRefusals refusals,
				HandshakeProperties properties, ObjectProvider<SslBundles> bundles,
				ObjectProvider<ServerProperties> server) {
			return new TomcatHandshakeObservation(refusals, properties.isDeferRefusals(), bundles.getIfAvailable(),
					bundleNames(server.getIfAvailable()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpServer.class, NettyReactiveWebServerFactory.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static final class NettyObservation {

		@Bean
		@ConditionalOnMissingBean
		NettyHandshakeObservation mtlsNettyHandshakeObservation(HandshakeRefusals refusals,
				HandshakeProperties properties, ObjectProvider<ServerProperties> server) {
			Ssl ssl = (server.getIfAvailable() != null) ? server.getIfAvailable().getSsl() : null;
			if (properties.isDeferRefusals() && ssl != null && Ssl.isEnabled(ssl) && ssl.getBundle() == null) {
				// Boot builds the server's bundle from server.ssl.key-store or .certificate itself, out of reach.
				throw new InvalidMtlsPropertyException("mtls.handshake.defer-refusals", "true",
						"needs the Reactor Netty server's SSL from an SSL bundle, and server.ssl.bundle is not set",
						"Configure the server's certificate and client trust as spring.ssl.bundle.* and set "
								+ "'server.ssl.bundle', or unset 'mtls.handshake.defer-refusals'.");
			}
			return new NettyHandshakeObservation(refusals, properties.isDeferRefusals());
		}

	}

	/** The bundles the server's SSL uses, whose reloads Tomcat follows. */
	private static List<String> bundleNames(ServerProperties server) {
		List<String> names = new ArrayList<>();
		Ssl ssl = (server != null) ? server.getSsl() : null;
		if (ssl != null && Ssl.isEnabled(ssl)) {
			if (ssl.getBundle() != null) {
				names.add(ssl.getBundle());
			}
			ssl.getServerNameBundles().forEach((bundle) -> names.add(bundle.bundle()));
		}
		return names;
	}

}
