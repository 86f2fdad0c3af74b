package io.github.mtls.spiffe;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.X509BundleException;
import io.spiffe.exception.X509SvidException;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import io.spiffe.workloadapi.internal.GrpcManagedChannelFactory;
import io.spiffe.workloadapi.internal.ManagedChannelWrapper;
import io.github.mtls.identity.SpiffeIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on the Workload API's {@code FetchX509SVID} stream: every response becomes one
 * {@link WorkloadUpdate} (the first SVID and the complete bundles) for the listener. Every call carries
 * the {@code workload.spiffe.io: true} metadata (SPIFFE Workload API 6.2.1). A failed or ended stream
 * is opened again after an exponential backoff, except after {@code InvalidArgument}: the endpoint
 * says the request itself is wrong, and repeating it cannot help. A response that cannot be read
 * leaves the last update in force.
 */
public final class WorkloadApiWatch implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WorkloadApiWatch.class);

	private static final Metadata SECURITY_HEADER = securityHeader();

	private final URI address;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Clock clock;

	private final Consumer<WorkloadUpdate> listener;

	private final ExecutorService eventLoop = Executors.newCachedThreadPool(daemon("spiffe-workload-api-io"));

	private final ScheduledExecutorService retries = Executors
		.newSingleThreadScheduledExecutor(daemon("spiffe-workload-api-retry"));

	private final CountDownLatch first = new CountDownLatch(1);

	private final AtomicLong updates = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private volatile @Nullable ManagedChannelWrapper channel;

	private volatile Context.@Nullable CancellableContext call;

	private volatile Duration backoff;

	private volatile @Nullable Instant lastUpdate;

	private volatile @Nullable String lastError;

	private volatile boolean connected;

	private volatile boolean given;

	private volatile boolean closed;

	/**
	 * Creates a watch; {@link #start()} opens it.
	 * @param address the Workload API endpoint ({@code unix:///path} or {@code tcp://ip:port})
	 * @param initialBackoff the wait before the first retry
	 * @param maxBackoff the longest wait between retries
	 * @param clock the time of updates
	 * @param listener receives every update, on a gRPC thread, one at a time
	 */
	public WorkloadApiWatch(URI address, Duration initialBackoff, Duration maxBackoff, Clock clock,
			Consumer<WorkloadUpdate> listener) {
		this.address = address;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.backoff = initialBackoff;
		this.clock = clock;
		this.listener = listener;
	}

	/** Opens the channel and the stream. */
	public WorkloadApiWatch start() {
		ManagedChannelWrapper channel = GrpcManagedChannelFactory.newChannel(this.address, this.eventLoop);
		this.channel = channel;
		fetch();
		return this;
	}

	/**
	 * Waits for the first update.
	 * @return whether it arrived within {@code timeout}
	 */
	public boolean awaitFirstUpdate(Duration timeout) throws InterruptedException {
		return this.first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Whether the watch gave up: the endpoint refused the request as invalid. */
	public boolean givenUp() {
		return this.given;
	}

	/** The state of the watch now. */
	public WatchStatus status() {
		return new WatchStatus(this.address.toString(), this.connected, this.lastUpdate, this.lastError,
				this.updates.get(), this.errors.get());
	}

	@Override
	public void close() {
		this.closed = true;
		Context.CancellableContext call = this.call;
		if (call != null) {
			call.cancel(null);
		}
		this.retries.shutdownNow();
		ManagedChannelWrapper channel = this.channel;
		if (channel != null) {
			channel.close();
		}
		this.eventLoop.shutdownNow();
	}

	private void fetch() {
		if (this.closed) {
			return;
		}
		Channel channel = ClientInterceptors.intercept(this.channel.getChannel(),
				MetadataUtils.newAttachHeadersInterceptor(SECURITY_HEADER));
		SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub = SpiffeWorkloadAPIGrpc.newStub(channel);
		Context.CancellableContext call = Context.current().withCancellation();
		this.call = call;
		call.run(() -> stub.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance(), new Responses()));
	}

	private void failed(String error, boolean retry) {
		this.connected = false;
		this.errors.incrementAndGet();
		this.lastError = error;
		if (this.closed) {
			return;
		}
		if (!retry) {
			this.given = true;
			logger.error("SPIFFE Workload API at {} refused the request, not retrying: {}", this.address, error);
			return;
		}
		Duration wait = this.backoff;
		this.backoff = wait.multipliedBy(2).compareTo(this.maxBackoff) > 0 ? this.maxBackoff : wait.multipliedBy(2);
		logger.warn("SPIFFE Workload API at {}: {}; retrying in {} ms", this.address, error, wait.toMillis());
		this.retries.schedule(this::fetch, wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Reads one response; the first SVID is the workload's (SPIFFE Workload API 5.3: the default one). */
	static WorkloadUpdate read(Workload.X509SVIDResponse response, Instant received)
			throws X509SvidException, X509BundleException {
		if (response.getSvidsCount() == 0) {
			throw new X509SvidException("the response holds no X.509-SVID");
		}
		Workload.X509SVID first = response.getSvids(0);
		X509Svid parsed = X509Svid.parseRaw(first.getX509Svid().toByteArray(), first.getX509SvidKey().toByteArray());
		String id = parsed.getSpiffeId().toString();
		if (SpiffeIds.problem(id) != null) {
			throw new X509SvidException("the SVID's ID is not a SPIFFE ID: " + SpiffeIds.problem(id));
		}
		Map<String, List<X509Certificate>> bundles = new LinkedHashMap<>();
		String own = SpiffeIds.trustDomainOf(id);
		bundles.put(own, authorities(own, first.getBundle()));
		for (Map.Entry<String, ByteString> federated : response.getFederatedBundlesMap().entrySet()) {
			String domain = SpiffeIds.trustDomain(federated.getKey());
			if (!domain.equals(own)) {
				bundles.put(domain, authorities(domain, federated.getValue()));
			}
		}
		return new WorkloadUpdate(new Svid(id, parsed.getChain(), parsed.getPrivateKey()), new TrustBundles(bundles),
				received);
	}

	private static List<X509Certificate> authorities(String trustDomain, ByteString bundle)
			throws X509BundleException {
		List<X509Certificate> authorities = new ArrayList<>(
				X509Bundle.parse(TrustDomain.parse(trustDomain), bundle.toByteArray()).getX509Authorities());
		if (authorities.isEmpty()) {
			throw new X509BundleException("the bundle of " + trustDomain + " is empty");
		}
		return authorities;
	}

	private static Metadata securityHeader() {
		Metadata metadata = new Metadata();
		metadata.put(Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER), "true");
		return metadata;
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private final class Responses implements StreamObserver<Workload.X509SVIDResponse> {

		@Override
		public void onNext(Workload.X509SVIDResponse response) {
			WorkloadApiWatch watch = WorkloadApiWatch.this;
			watch.connected = true;
			watch.backoff = watch.initialBackoff;
			WorkloadUpdate update;
			try {
				update = read(response, watch.clock.instant());
			}
			catch (X509SvidException | X509BundleException | IllegalArgumentException ex) {
				// The last good SVID and bundles stay in force; the stream stays open for the next update.
				watch.errors.incrementAndGet();
				watch.lastError = "unreadable update: " + ex.getMessage();
				logger.error("SPIFFE Workload API at {} sent an update that cannot be read, the last one stays in "
						+ "force: {}", watch.address, ex.getMessage());
				return;
			}
			watch.listener.accept(update);
			watch.lastUpdate = update.received();
			watch.lastError = null;
			watch.updates.incrementAndGet();
			watch.first.countDown();
			logger.info("SPIFFE Workload API update: SVID {} (serial {}, expires {}), bundles of {}", update.svid().id(),
					update.svid().serial(), update.svid().expiresAt(), update.bundles().byTrustDomain().keySet());
		}

		@Override
		public void onError(Throwable error) {
			Status status = Status.fromThrowable(error);
			if (status.getCode() == Status.Code.CANCELLED && WorkloadApiWatch.this.closed) {
				return;
			}
			failed(status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : ""),
					status.getCode() != Status.Code.INVALID_ARGUMENT);
		}

		@Override
		public void onCompleted() {
			failed("the stream ended", true);
		}

	}

}
