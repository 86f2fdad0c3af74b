/**
 * Auto-configuration: wires the other packages from {@code mtls.*} properties and nothing else.
 */
@NullMarked
package io.github.mtls.autoconfigure;

import org.jspecify.annotations.NullMarked;
