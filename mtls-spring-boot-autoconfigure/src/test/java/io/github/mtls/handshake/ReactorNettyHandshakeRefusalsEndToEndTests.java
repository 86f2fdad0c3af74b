package io.github.mtls.handshake;

import io.github.mtls.stacks.ReactiveStack;
import io.github.mtls.stacks.reactive.ReactiveTestApplication;

import org.springframework.test.context.TestPropertySource;

/**
 * The handshake's refusals observed on WebFlux served by Reactor Netty, as on Tomcat: Boot builds
 * Netty's SSL context from the server's bundle with its trust managers observed. Under BlockHound:
 * Netty runs the handshake's trust check on the event loop, so publishing a refusal must not block.
 */
@ReactiveStack(classes = { ReactiveTestApplication.class, HandshakeRefusalsEndToEndTests.Audit.class })
@TestPropertySource(properties = "management.endpoints.web.exposure.include=mtls")
class ReactorNettyHandshakeRefusalsEndToEndTests extends HandshakeRefusalsEndToEndTests {

}
