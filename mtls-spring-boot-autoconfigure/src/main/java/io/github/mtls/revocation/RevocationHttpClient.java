package io.github.mtls.revocation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.mtls.core.LimitedBody;
import org.jspecify.annotations.Nullable;

/**
 * HTTP for OCSP responders and CRL distribution points, bounded in time and size: the whole
 * exchange, body included, ends within the timeout, and a body larger than the limit is refused
 * from its Content-Length or abandoned as soon as it grows past the limit, before anything parses
 * it.
 */
final class RevocationHttpClient {

	private final HttpClient client;

	RevocationHttpClient() {
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** A response: status, body (empty for 304) and the validators of a conditional GET. */
	record Response(int status, byte[] body, @Nullable String etag, @Nullable String lastModified) {
	}

	Response post(URI uri, String contentType, byte[] body, long maxSize, Duration timeout)
			throws RevocationSourceException {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Content-Type", contentType)
			.header("Accept", "application/ocsp-response")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return send(request, maxSize, timeout);
	}

	Response get(URI uri, @Nullable String etag, @Nullable String lastModified, long maxSize, Duration timeout)
			throws RevocationSourceException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
		if (etag != null) {
			request.header("If-None-Match", etag);
		}
		if (lastModified != null) {
			request.header("If-Modified-Since", lastModified);
		}
		return send(request.build(), maxSize, timeout);
	}

	private Response send(HttpRequest request, long maxSize, Duration timeout) throws RevocationSourceException {
		CompletableFuture<HttpResponse<byte[]>> exchange = this.client.sendAsync(request,
				(info) -> new LimitedBody(info.headers().firstValueAsLong("Content-Length").orElse(-1), maxSize));
		try {
			HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("ETag").orElse(null),
					response.headers().firstValue("Last-Modified").orElse(null));
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new RevocationSourceException("no answer within " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new RevocationSourceException(cause.getClass().getSimpleName()
					+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : ""));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exchange.cancel(true);
			throw new RevocationSourceException("interrupted");
		}
	}

}
