/**
 * What both sample applications share: the development PKI of the {@code dev} profile, the printed
 * {@code curl} commands and the {@code dev} and {@code second-factor} profiles' configuration.
 */
@NullMarked
package io.github.mtls.sample.support;

import org.jspecify.annotations.NullMarked;
