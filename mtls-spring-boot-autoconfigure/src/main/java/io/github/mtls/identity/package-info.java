/**
 * Pinned client identities: certificate facts derived once per certificate, selectors compiled
 * from configuration and an index that finds the identity of a certificate in constant time.
 */
@NullMarked
package io.github.mtls.identity;

import org.jspecify.annotations.NullMarked;
