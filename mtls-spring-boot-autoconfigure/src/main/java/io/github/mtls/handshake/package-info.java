/**
 * The TLS handshake's refusals of client certificates made visible: a trust manager that observes
 * (and, with {@code mtls.handshake.defer-refusals}, defers) the handshake's judgement, the mapping
 * of JSSE failures to reason codes, and the Tomcat and Reactor Netty hooks. Imports no servlet or
 * Spring Security type.
 */
@NullMarked
package io.github.mtls.handshake;

import org.jspecify.annotations.NullMarked;
