/**
 * The load runner's server: one Spring Boot app whose profiles select the configurations compared
 * (no security, Spring Security's {@code x509()}, this starter with and without revocation).
 */
@NullMarked
package io.github.mtls.benchmarks.load;

import org.jspecify.annotations.NullMarked;
