/**
 * JMH benchmarks of RFC 5280 path validation: the cached verdict a kept-alive client gets on every
 * request, the cold validation of a chain seen for the first time (ordered, unordered with extras),
 * and the worst case the path-building bounds allow.
 */
@NullMarked
package io.github.mtls.benchmarks.path;

import org.jspecify.annotations.NullMarked;
