/**
 * SPIFFE: the server's X.509-SVID, client trust per trust domain and their updates from the SPIFFE
 * Workload API ({@code mtls.spiffe.*}). One more source of trust material for the same pipeline; no
 * servlet or Spring Security types.
 */
@NullMarked
package io.github.mtls.spiffe;

import org.jspecify.annotations.NullMarked;
