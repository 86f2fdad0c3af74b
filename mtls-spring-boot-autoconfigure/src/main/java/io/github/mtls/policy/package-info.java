/**
 * Certificate policy checked on every request beyond the TLS handshake: validity at the injected
 * clock, the leaf requirements on extended key usage and key usage ({@code mtls.policy.*}) and
 * basic constraints; the client trust anchors and their pinning.
 */
@NullMarked
package io.github.mtls.policy;

import org.jspecify.annotations.NullMarked;
