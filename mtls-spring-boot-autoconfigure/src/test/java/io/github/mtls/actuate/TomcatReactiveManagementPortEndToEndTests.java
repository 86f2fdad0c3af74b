package io.github.mtls.actuate;

import io.github.mtls.stacks.ReactiveTomcatStack;

import org.springframework.test.context.TestPropertySource;

/**
 * The Actuator on a separate management port on WebFlux served by Tomcat's reactive adapter: Boot's
 * management child context runs a second reactive Tomcat with its own {@code client-auth=need}
 * connector, and the same identities and authority rule apply there.
 */
@ReactiveTomcatStack
@TestPropertySource(properties = "management.endpoints.web.exposure.include=health,mtls")
class TomcatReactiveManagementPortEndToEndTests extends ManagementPortEndToEndTests {

}
