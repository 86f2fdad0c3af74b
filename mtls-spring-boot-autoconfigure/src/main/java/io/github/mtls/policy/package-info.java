/**
 * Certificate policy checked on every request beyond the TLS handshake: validity at the injected
 * clock, extended key usage, key usage and basic constraints.
 */
@NullMarked
package io.github.mtls.policy;

import org.jspecify.annotations.NullMarked;
