package io.github.mtls.stacks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.mtls.stacks.reactive.ReactiveTestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * Runs a shared behaviour class against WebFlux served by Tomcat's reactive adapter
 * ({@code TomcatHttpHandlerAdapter}), with real TLS on a random port. Reactor Netty's server
 * auto-configurations are excluded, as they are for an application that swaps
 * {@code spring-boot-starter-reactor-netty} for {@code spring-boot-starter-tomcat}: Boot's own
 * {@code TomcatReactiveWebServerAutoConfiguration} then builds the server, with every
 * {@code TomcatConnectorCustomizer} and the {@code server.ssl} settings applied. No BlockHound: Tomcat
 * has no event loop to protect, its requests run on its worker pool.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"spring.autoconfigure.exclude=" + ReactiveTomcatStack.NETTY_SERVER + "," + ReactiveTomcatStack.NETTY_MANAGEMENT })
public @interface ReactiveTomcatStack {

	/** Reactor Netty's server, which Boot prefers to Tomcat for a reactive application. */
	String NETTY_SERVER = "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration";

	/** Reactor Netty's server for a separate management port. */
	String NETTY_MANAGEMENT = "org.springframework.boot.reactor.netty.autoconfigure.actuate.web.server.NettyReactiveManagementContextAutoConfiguration";

	/** The behaviour's own configuration classes, beside the reactive test application. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default ReactiveTestApplication.class;

}
