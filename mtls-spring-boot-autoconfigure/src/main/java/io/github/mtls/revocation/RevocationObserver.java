package io.github.mtls.revocation;

/**
 * Implemented by the revocation checker bean so that Actuator can show its state without depending
 * on how checking works.
 */
@FunctionalInterface
public interface RevocationObserver {

	RevocationSnapshot snapshot();

}
