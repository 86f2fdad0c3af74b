package io.github.mtls.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} application with mutual TLS, using a
 * PKI made in memory for the test run:
 * <ul>
 * <li>the server presents a certificate for {@code localhost} from {@link TestPki#shared()} and
 * trusts only that root (and the {@link #trustedAuthorities()}), as the SSL bundle
 * {@value TestPki#BUNDLE} with {@code server.ssl.client-auth=need}, which is also the starter's
 * {@code mtls.trust.bundle};</li>
 * <li>every {@link Identity} gets a certificate and, unless it is not pinned, an entry under
 * {@code mtls.identities} whose selectors come from that certificate;</li>
 * <li>the test gets, per identity, a {@code RestTestClient} and a JDK {@code HttpClient} that present
 * its certificate and trust only the test PKI: inject them with {@link MtlsClient @MtlsClient} or
 * through the {@link TestIdentities} bean.</li>
 * </ul>
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT)
 * @MtlsTest(identities = { @Identity(name = "orders"), @Identity(name = "stranger", pinned = false) })
 * class OrdersApiTests {
 *
 *     @Test
 *     void pinnedIdentityIsServed(@MtlsClient("orders") RestTestClient orders) {
 *         orders.get().uri("/orders").exchange().expectStatus().isOk();
 *     }
 *
 * }
 * }</pre>
 *
 * An identity the test declares replaces the application's identity of the same name whole; the
 * application's other identities are kept unless {@link #applicationIdentities()} drops them. These
 * properties take precedence over the application's own configuration files, while
 * properties of the test ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource},
 * {@code @DynamicPropertySource}) still take precedence over them. Nothing turns verification off.
 * No {@code Clock} bean is registered: a test that moves time declares a {@link TestClock} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MtlsTestExtension.class)
public @interface MtlsTest {

	/** The clients of the test, each with its certificate, pinned unless declared otherwise. */
	Identity[] identities() default {};

	/**
	 * Subject DNs of further, unrelated root CAs ({@link TestPki#authority(String)}) the server
	 * trusts besides the shared root, for example to test a second CA issuing the same subject.
	 */
	String[] trustedAuthorities() default {};

	/**
	 * What happens to identities that the application's configuration pins and the test does not
	 * declare: kept by default, or dropped. A declared identity always replaces the application's
	 * identity of the same name whole, so no selector of {@code application.yml} (an
	 * {@code issuer-dn}, say) is left over to refuse the test's certificate.
	 */
	ApplicationIdentities applicationIdentities() default ApplicationIdentities.KEEP;

}
