package io.github.mtls.core;

import org.jspecify.annotations.Nullable;

/**
 * Client-supplied text (certificate names, header values, token claims, usernames, paths) made
 * safe for one log line or event: control characters (C0, DEL, C1), the Unicode line and paragraph
 * separators and the bidirectional controls are written as escapes ({@code \n}, {@code \u2028}),
 * so a certificate subject with a line feed cannot forge a log line, nor an override reorder one.
 * The only place such text is escaped: every log and event site calls it.
 */
public final class LogText {

	private LogText() {
	}

	/** {@code value} as text with every unsafe character escaped; {@code "null"} for {@code null}. */
	public static String escape(@Nullable Object value) {
		String text = String.valueOf(value);
		for (int i = 0; i < text.length(); i++) {
			if (unsafe(text.charAt(i))) {
				return escape(text, i);
			}
		}
		return text;
	}

	private static String escape(String text, int first) {
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (unsafe(c)) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	private static boolean unsafe(char c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
				// bidirectional marks, embeddings, overrides and isolates (Trojan Source, CVE-2021-42574)
				|| c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
	}

}
