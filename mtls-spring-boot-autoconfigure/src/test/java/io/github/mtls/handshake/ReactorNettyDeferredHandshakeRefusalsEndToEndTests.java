package io.github.mtls.handshake;

import io.github.mtls.stacks.ReactiveStack;

import org.springframework.test.context.TestPropertySource;

/**
 * {@code mtls.handshake.defer-refusals=true} on WebFlux served by Reactor Netty: the handshake
 * defers, and the reactive adapter refuses with the reason code, as on Tomcat. Under BlockHound.
 */
@ReactiveStack
@TestPropertySource(properties = "mtls.handshake.defer-refusals=true")
class ReactorNettyDeferredHandshakeRefusalsEndToEndTests extends DeferredHandshakeRefusalsEndToEndTests {

}
