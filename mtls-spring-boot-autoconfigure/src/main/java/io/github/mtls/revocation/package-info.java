/**
 * Revocation checking: OCSP and CRL statuses fetched, verified and cached off the request path,
 * applied on every request through the cache.
 */
@NullMarked
package io.github.mtls.revocation;

import org.jspecify.annotations.NullMarked;
