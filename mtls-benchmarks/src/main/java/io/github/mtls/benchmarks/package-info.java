/**
 * JMH benchmarks of the per-request pipeline, the revocation cache and CRL indexing.
 */
package io.github.mtls.benchmarks;
