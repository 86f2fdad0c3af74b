/**
 * Test support for mTLS APIs: an in-memory PKI ({@link TestCertificate}), clients that present
 * its certificates ({@link MtlsClients}) and Spring Boot properties derived from it
 * ({@link TestPki}).
 */
@NullMarked
package io.github.mtls.test;

import org.jspecify.annotations.NullMarked;
