/**
 * The one source of the configuration in force: an immutable {@link TrustAndIdentities snapshot} of
 * the client trust anchors, the intermediates and the pinned identities with a generation number,
 * published by {@link CurrentConfiguration} with one reference write. Every reload (an SSL bundle,
 * the identities file, a Spring Cloud refresh) is one more producer of snapshots; the pipeline, the
 * caches, revocation and the Actuator read them. Free of servlet, reactive and Spring Security types.
 */
@NullMarked
package io.github.mtls.reload;

import org.jspecify.annotations.NullMarked;
