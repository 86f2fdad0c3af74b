/**
 * Certification path validation (RFC 5280 section 6): building a path from a client's leaf through
 * a pool of CA certificates to a configured trust anchor, validating it with the configured policy
 * inputs and the anchor certificate's own name constraints, and caching the verdict per distinct
 * chain. Free of servlet, reactive and Spring Security types.
 */
@NullMarked
package io.github.mtls.path;

import org.jspecify.annotations.NullMarked;
