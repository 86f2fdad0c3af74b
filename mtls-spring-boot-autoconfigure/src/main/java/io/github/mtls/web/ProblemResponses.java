package io.github.mtls.web;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import io.github.mtls.core.RefusalReason;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Answers refusals as RFC 9457 {@code application/problem+json}: status, title, a fixed detail and
 * the stable {@code reason} code, never request data, stack traces or internals. Bodies are
 * rendered once per reason at startup, so answering costs no formatting. The one source of every
 * web stack's refusal bodies: it imports no servlet or reactive type.
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

	/** The rendered body of the problem for {@code reason}: a shared array, never to be modified. */
	public static byte[] body(RefusalReason reason) {
		return BODIES.get(reason);
	}

	/** Constant strings only (no escaping needed): type, title, status, detail, reason. */
	private static String render(ProblemDetail problem) {
		String type = (problem.getType() != null) ? problem.getType().toString() : "about:blank";
		return "{\"type\":\"" + type + "\",\"title\":\"" + problem.getTitle() + "\",\"status\":"
				+ problem.getStatus() + ",\"detail\":\"" + problem.getDetail() + "\",\"reason\":\""
				+ problem.getProperties().get("reason") + "\"}";
	}

}
