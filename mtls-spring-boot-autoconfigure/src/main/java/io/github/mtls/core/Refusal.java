package io.github.mtls.core;

/**
 * The outcome of a failed check: the reason code and a detail for the server log (never sent to
 * the client).
 *
 * @param reason the stable reason
 * @param detail what exactly failed, for operators
 */
public record Refusal(RefusalReason reason, String detail) {

}
