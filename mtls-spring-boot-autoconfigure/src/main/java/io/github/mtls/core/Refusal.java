package io.github.mtls.core;

/**
 * The outcome of a failed check: the reason code and a detail for the server log (never sent to
 * the client).
 *
 * @param reason the stable reason
 * @param detail what exactly failed, for operators; escaped here ({@link LogText#escape}), once for
 * every log line, event and report that shows it, since it often quotes certificate names or URLs
 */
public record Refusal(RefusalReason reason, String detail) {

	public Refusal {
		detail = LogText.escape(detail);
	}

}
