package io.github.mtls.core;

/**
 * Observes every decision, on the request thread: metrics, the Actuator view and audit read
 * decisions here. Listeners must be cheap and must never change the outcome.
 */
@FunctionalInterface
public interface DecisionListener {

	void onDecision(Decision decision);

}
