/**
 * JMH benchmarks of the per-request authentication pipeline against Spring Security's
 * {@code x509()} building blocks, on the same certificate chain.
 */
@NullMarked
package io.github.mtls.benchmarks.pipeline;

import org.jspecify.annotations.NullMarked;
