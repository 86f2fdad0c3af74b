/**
 * NIST PKITS 1.0.1, the reference conformance suite for RFC 5280 certification path validation,
 * as test data: {@link io.github.mtls.test.pkits.Pkits#tests()} gives its 249 test blocks, each
 * with its trust anchor, an unordered pool of intermediates, the target, the CRLs and the
 * expected verdict under the block's {@link io.github.mtls.test.pkits.PkitsSettings settings}.
 * The data is public domain; see {@code io/github/mtls/test/pkits/README.md} on the classpath.
 */
@NullMarked
package io.github.mtls.test.pkits;

import org.jspecify.annotations.NullMarked;
