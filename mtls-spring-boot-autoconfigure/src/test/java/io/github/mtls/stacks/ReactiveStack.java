package io.github.mtls.stacks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.mtls.stacks.reactive.ReactiveTestApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * Runs a shared behaviour class against WebFlux on Reactor Netty, with real TLS on a random port and
 * BlockHound failing any call that blocks an event-loop thread. Tomcat's reactive server for a
 * separate management port is excluded, as it is absent from an application on Reactor Netty (this
 * module's tests have both servers on the class path).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(NonBlockingEventLoops.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"spring.autoconfigure.exclude=" + ReactiveStack.TOMCAT_MANAGEMENT })
public @interface ReactiveStack {

	/** Tomcat's reactive server for a separate management port. */
	String TOMCAT_MANAGEMENT = "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

	/** The behaviour's own configuration classes, beside the reactive test application. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default ReactiveTestApplication.class;

}
