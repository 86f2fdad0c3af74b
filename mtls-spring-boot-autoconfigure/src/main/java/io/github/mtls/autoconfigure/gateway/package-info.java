/**
 * Auto-configuration of Spring Cloud Gateway as the mTLS edge ({@code mtls.gateway.*}): wiring only.
 */
@NullMarked
package io.github.mtls.autoconfigure.gateway;

import org.jspecify.annotations.NullMarked;
