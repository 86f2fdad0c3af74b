/**
 * Spring Security and servlet adapter: the filter, configurer, authentication token and RFC 9457
 * refusal responses.
 */
@NullMarked
package io.github.mtls.web;

import org.jspecify.annotations.NullMarked;
