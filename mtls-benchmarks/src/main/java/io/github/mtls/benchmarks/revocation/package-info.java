/**
 * Benchmarks of revocation checking: the cached status lookup on the request path, and loading
 * and querying large CRLs side by side with the JDK's {@code X509CRL} and Bouncy Castle's
 * {@code X509CRLHolder}.
 */
@NullMarked
package io.github.mtls.benchmarks.revocation;

import org.jspecify.annotations.NullMarked;
