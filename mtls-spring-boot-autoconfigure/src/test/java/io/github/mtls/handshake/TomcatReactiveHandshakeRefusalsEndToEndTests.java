package io.github.mtls.handshake;

import io.github.mtls.stacks.ReactiveTomcatStack;
import io.github.mtls.stacks.reactive.ReactiveTestApplication;

import org.springframework.test.context.TestPropertySource;

/**
 * The handshake's refusals observed on WebFlux served by Tomcat's reactive adapter, as on Spring
 * MVC: the observation is a {@code TomcatConnectorCustomizer}, which Boot applies to Tomcat's
 * connector whichever adapter serves the application.
 */
@ReactiveTomcatStack(classes = { ReactiveTestApplication.class, HandshakeRefusalsEndToEndTests.Audit.class })
@TestPropertySource(properties = "management.endpoints.web.exposure.include=mtls")
class TomcatReactiveHandshakeRefusalsEndToEndTests extends HandshakeRefusalsEndToEndTests {

}
