package io.github.mtls.benchmarks.load;

import java.security.Security;

import org.apache.tomcat.util.net.SSLHostConfig;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The JDK's own revocation checking in the TLS handshake, the anchor users would otherwise pick.
 *
 * <p>{@code -Dcom.sun.net.ssl.checkRevocation=true -Docsp.enable=true} alone does nothing here:
 * Tomcat builds its PKIX trust manager from explicit {@code PKIXBuilderParameters} with
 * {@code SSLHostConfig#getRevocationEnabled()} (false unless set), which overrides the JDK's
 * system property, and {@code ocsp.enable} is a security property, not a system property. So this
 * profile sets both where they are read: revocation on in Tomcat's SSL host configuration, OCSP on
 * in the JDK's security properties. The JDK then asks the responder in the client certificate's
 * AIA extension during every full handshake, and fails the handshake when it cannot tell.
 */
@Configuration(proxyBeanMethods = false)
@Profile("jdk-revocation")
class JdkRevocation {

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> revocationInHandshake() {
		Security.setProperty("ocsp.enable", "true");
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			for (SSLHostConfig host : connector.findSslHostConfigs()) {
				host.setRevocationEnabled(true);
			}
		});
	}

}
