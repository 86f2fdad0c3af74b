package io.github.mtls.test;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One client of an {@link MtlsTest}: a certificate issued for the test and, unless
 * {@link #pinned() pinned = false}, an entry {@code mtls.identities.<name>} that admits it. The
 * test reaches it by {@link #name()} with {@link MtlsClient @MtlsClient} or {@link TestIdentities}.
 *
 * <pre>{@code
 * @Identity(name = "orders")                                   // CN=orders, pinned by subject-dn
 * @Identity(name = "shipping", sanUri = "spiffe://acme.test/shipping", pinnedBy = Selector.SAN_URI)
 * @Identity(name = "stranger", pinned = false)                 // trusted CA, but not pinned
 * }</pre>
 *
 * The certificate is made once per test run for the same declaration, so test classes that
 * declare the same identities share one application context.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Identity {

	/** The identity's name: the key under {@code mtls.identities} and the authenticated principal's name. */
	String name();

	/** Subject DN (RFC 4514) of the certificate; {@code CN=<name>} when empty. */
	String subject() default "";

	/** DNS subject alternative names. */
	String[] sanDns() default {};

	/** URI subject alternative names, for example a SPIFFE ID. */
	String[] sanUri() default {};

	/** Email subject alternative names. */
	String[] sanEmail() default {};

	/** IP address subject alternative names. */
	String[] sanIp() default {};

	/**
	 * Subject DN of the issuing CA: empty for the shared test root; any other DN names a separate,
	 * unrelated root ({@link TestPki#authority(String)}) that the server trusts only when it is listed
	 * in {@link MtlsTest#trustedAuthorities()}.
	 */
	String issuer() default "";

	/** Whether the identity is pinned; {@code false} gives a trusted certificate that no identity admits. */
	boolean pinned() default true;

	/** The selectors that pin the identity, every one taken from its certificate. */
	Selector[] pinnedBy() default Selector.SUBJECT_DN;

	/** Authorities granted to the identity ({@code mtls.identities.<name>.authorities}). */
	String[] authorities() default {};

}
