package io.github.mtls.core;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP response body that refuses what is larger than the limit instead of buffering it: from
 * its Content-Length, or as soon as it grows past the limit, before anything parses it. Shared by
 * every outbound fetch (OCSP, CRLs, AIA caIssuers), each of which a client can make the server do.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

	private final CompletableFuture<byte[]> result = new CompletableFuture<>();

	private final long maxSize;

	private final ByteArrayOutputStream bytes;

	private Flow.@Nullable Subscription subscription;

	/**
	 * A body of at most {@code maxSize} bytes.
	 * @param contentLength the announced Content-Length, or -1
	 * @param maxSize the most bytes accepted
	 */
	public LimitedBody(long contentLength, long maxSize) {
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
