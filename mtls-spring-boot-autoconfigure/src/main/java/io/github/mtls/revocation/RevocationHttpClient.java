package io.github.mtls.revocation;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

	/** A body subscriber that refuses what is larger than the limit instead of buffering it. */
	private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final long maxSize;

		private final ByteArrayOutputStream bytes;

		private Flow.@Nullable Subscription subscription;

		LimitedBody(long contentLength, long maxSize) {
			this.maxSize = maxSize;
			this.bytes = new ByteArrayOutputStream((int) Math.min(Math.max(contentLength, 1024), maxSize));
			if (contentLength > maxSize) {
				this.result.completeExceptionally(tooLarge(contentLength + " bytes announced"));
			}
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.result.isDone()) {
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				if (this.bytes.size() + (long) buffer.remaining() > this.maxSize) {
					this.result.completeExceptionally(tooLarge("more than " + this.maxSize + " bytes received"));
					if (this.subscription != null) {
						this.subscription.cancel();
					}
					return;
				}
				byte[] chunk = new byte[buffer.remaining()];
				buffer.get(chunk);
				this.bytes.writeBytes(chunk);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.result.complete(this.bytes.toByteArray());
		}

		private IllegalStateException tooLarge(String what) {
			return new IllegalStateException("response larger than the limit of " + this.maxSize + " bytes (" + what
					+ ")");
		}

	}

}
