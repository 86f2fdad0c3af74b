package io.github.mtls.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.github.mtls.core.RefusalReason;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Answers refusals as RFC 9457 {@code application/problem+json}: status, title, a fixed detail and
 * the stable {@code reason} code, never request data, stack traces or internals. Bodies are
 * rendered once per reason at startup, so answering costs no formatting.
 */
public final class ProblemResponses {

	/** The media type of every refusal. */
	public static final String MEDIA_TYPE = "application/problem+json";

	private static final Map<RefusalReason, byte[]> BODIES = new EnumMap<>(RefusalReason.class);

	static {
		for (RefusalReason reason : RefusalReason.values()) {
			BODIES.put(reason, render(problemDetail(reason)).getBytes(StandardCharsets.UTF_8));
		}
	}

	private ProblemResponses() {
	}

	/** The problem for a reason, as Spring's {@link ProblemDetail}. */
	public static ProblemDetail problemDetail(RefusalReason reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(reason.status()),
				reason.description());
		problem.setProperty("reason", reason.code());
		return problem;
	}

	/** Writes the problem for {@code reason} unless the response is already committed. */
	public static void write(HttpServletResponse response, RefusalReason reason) throws IOException {
		write(response, reason, null);
	}

	/**
	 * Writes the problem for {@code reason} with a {@code WWW-Authenticate} challenge (RFC 9110
	 * section 11.6.1: a 401 names the scheme the client should use), unless the response is
	 * already committed.
	 */
	public static void write(HttpServletResponse response, RefusalReason reason, @Nullable String challenge)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		if (challenge != null) {
			response.setHeader("WWW-Authenticate", challenge);
		}
		byte[] body = BODIES.get(reason);
		response.setStatus(reason.status());
		response.setContentType(MEDIA_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** Constant strings only (no escaping needed): type, title, status, detail, reason. */
	private static String render(ProblemDetail problem) {
		String type = (problem.getType() != null) ? problem.getType().toString() : "about:blank";
		return "{\"type\":\"" + type + "\",\"title\":\"" + problem.getTitle() + "\",\"status\":"
				+ problem.getStatus() + ",\"detail\":\"" + problem.getDetail() + "\",\"reason\":\""
				+ problem.getProperties().get("reason") + "\"}";
	}

}
