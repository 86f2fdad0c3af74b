/**
 * Spring Cloud Gateway as the mTLS edge: the client certificate the pipeline accepted is forwarded
 * to the backends, and only that one (client-supplied certificate headers are removed), and routes
 * match by pinned identity.
 */
@NullMarked
package io.github.mtls.gateway;

import org.jspecify.annotations.NullMarked;
