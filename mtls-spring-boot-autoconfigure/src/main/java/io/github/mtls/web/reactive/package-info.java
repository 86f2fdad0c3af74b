/**
 * The WebFlux adapter: turns a {@code ServerWebExchange} into the chain it presents, calls the one
 * {@code AuthenticationPipeline} without blocking the event loop, and answers its refusals with the
 * same RFC 9457 problems as the servlet adapter.
 */
@NullMarked
package io.github.mtls.web.reactive;

import org.jspecify.annotations.NullMarked;
