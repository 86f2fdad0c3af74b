/**
 * Who called: per-request MDC entries and authentication events for Actuator auditing.
 */
@NullMarked
package io.github.mtls.audit;

import org.jspecify.annotations.NullMarked;
