/**
 * Certificate policy checked on every request beyond the TLS handshake: validity at the injected
 * clock, extended key usage, key usage and basic constraints; the client trust anchors and their
 * pinning.
 */
@NullMarked
package io.github.mtls.policy;

import org.jspecify.annotations.NullMarked;
