package io.github.mtls.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the client of one {@link Identity} of an {@link MtlsTest} into a test method parameter or
 * a test instance field. Supported types: {@code RestTestClient} and {@code WebTestClient} (bound to the server's base URL),
 * {@link java.net.http.HttpClient}, {@link javax.net.ssl.SSLContext} and {@link TestCertificate}.
 *
 * <pre>{@code
 * @Test
 * void pinnedIdentityIsServed(@MtlsClient("orders") RestTestClient orders) { ... }
 * }</pre>
 */
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MtlsClient {

	/** The {@link Identity#name() name} of the identity. */
	String value();

}
