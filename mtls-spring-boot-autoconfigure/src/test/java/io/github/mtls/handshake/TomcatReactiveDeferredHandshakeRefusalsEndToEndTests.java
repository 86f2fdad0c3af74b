package io.github.mtls.handshake;

import io.github.mtls.stacks.ReactiveTomcatStack;

import org.springframework.test.context.TestPropertySource;

/**
 * {@code mtls.handshake.defer-refusals=true} on WebFlux served by Tomcat's reactive adapter: the
 * handshake defers, and the reactive adapter refuses with the reason code, as on Spring MVC.
 */
@ReactiveTomcatStack
@TestPropertySource(properties = "mtls.handshake.defer-refusals=true")
class TomcatReactiveDeferredHandshakeRefusalsEndToEndTests extends DeferredHandshakeRefusalsEndToEndTests {

}
