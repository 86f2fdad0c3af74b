package io.github.mtls.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than a limit with {@code 413} and an RFC 9457 problem before
 * anything parses it, so that a handler that reads its whole body (Actuator's JSON binding of the
 * {@code mtls} endpoint's verify operation) works on a bounded input. A declared
 * {@code Content-Length} over the limit is refused unread; a body without one (chunked) is read
 * up to one byte past the limit, then refused. A body within the limit is handed on from memory.
 */
public final class RequestBodyLimit extends OncePerRequestFilter {

	private final int maxBytes;

	private final byte[] problem;

	/** @param maxBytes the largest body accepted, in bytes */
	public RequestBodyLimit(int maxBytes) {
		this.maxBytes = maxBytes;
		this.problem = ("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
				+ "\"detail\":\"The request body is larger than " + maxBytes + " bytes.\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			refuse(response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			refuse(response);
			return;
		}
		chain.doFilter(new BufferedBody(request, body), response);
	}

	private void refuse(HttpServletResponse response) throws IOException {
		response.setStatus(413);
		response.setContentType(ProblemResponses.MEDIA_TYPE);
		response.setContentLength(this.problem.length);
		response.getOutputStream().write(this.problem);
	}

	/** The request with its body already read into memory. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already in memory");
				}

			};
		}

		@Override
		public BufferedReader getReader() throws UnsupportedEncodingException {
			String encoding = getCharacterEncoding();
			try {
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
				return new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			catch (IllegalArgumentException ex) {
				// As the container does for a charset the client names and the JVM does not have.
				throw new UnsupportedEncodingException("unsupported request charset");
			}
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
