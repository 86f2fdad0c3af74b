/**
 * Client certificates forwarded by TLS-terminating proxies: which sources are trusted proxies, how
 * each proxy encodes the certificate in a header, and the PKIX re-validation of the forwarded chain
 * against the application's own client trust anchors. Free of servlet, reactive and Spring Security
 * types; the web adapters read the headers and the source address.
 */
@NullMarked
package io.github.mtls.proxy;

import org.jspecify.annotations.NullMarked;
