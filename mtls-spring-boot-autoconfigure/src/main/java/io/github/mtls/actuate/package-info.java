/**
 * Observability of every certificate the service depends on: the {@code mtls} Actuator endpoint,
 * the {@code mtls} health contributor, the {@code mtls.certificate.expiry} gauge, the
 * {@code mtls.authentications} counter and the daily expiry warning. Everything here reads state
 * the pipeline already keeps; turning it off changes no decision.
 */
@NullMarked
package io.github.mtls.actuate;

import org.jspecify.annotations.NullMarked;
