/**
 * Auditing, at both ends of the application's life: who called (per-request MDC entries and
 * authentication events for Actuator auditing), and whether the mTLS set-up is safe (the startup
 * audits that refuse an unsafe trust set-up, and the startup report of what is trusted).
 */
@NullMarked
package io.github.mtls.audit;

import org.jspecify.annotations.NullMarked;
