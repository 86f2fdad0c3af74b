/**
 * A second factor bound to the certificate's identity: certificate-bound access tokens (RFC 8705)
 * whose subject must be the identity's, and per-identity client secrets stored as hashes. Decides
 * on plain values (claims, secrets, certificate facts); the servlet and Spring Security glue lives
 * in {@code io.github.mtls.web}.
 */
@NullMarked
package io.github.mtls.factor;

import org.jspecify.annotations.NullMarked;
