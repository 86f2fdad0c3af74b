/**
 * The decision function: a client certificate chain in, an accepted identity or a refusal with its
 * reason code out. Free of servlet, reactive and Spring Security types.
 */
@NullMarked
package io.github.mtls.core;

import org.jspecify.annotations.NullMarked;
