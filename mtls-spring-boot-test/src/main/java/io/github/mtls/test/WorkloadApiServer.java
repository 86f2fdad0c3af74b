package io.github.mtls.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import org.jspecify.annotations.Nullable;

/**
 * The SPIFFE Workload API served by a test: the {@code SpiffeWorkloadAPI} gRPC service of the SPIFFE
 * project's {@code workload.proto} (stubs from {@code java-spiffe-core}) on a Unix domain socket or a
 * loopback TCP port, streaming {@code FetchX509SVID} and {@code FetchX509Bundles} from the test PKI.
 *
 * <p>It behaves as the SPIFFE Workload API specification asks of SPIRE's agent:
 * <ul>
 * <li>a call without the {@code workload.spiffe.io: true} metadata is refused with
 * {@code InvalidArgument} (section 6.2.1);</li>
 * <li>a workload with no SVID gets {@code PermissionDenied} (section 5.3.2);</li>
 * <li>every change (a rotated SVID, a new CA, a federated bundle added or removed) is sent to every
 * open stream as a complete response: the SVID with its own trust domain's bundle and the
 * federated bundles keyed by trust domain ID; a bundle no longer sent is gone.</li>
 * </ul>
 *
 * <pre>{@code
 * static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");
 * static final WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket()
 *     .serve(acme, acme.svid("/server").sanDns("localhost").build());
 *
 * registry.add("mtls.spiffe.enabled", () -> "true");
 * registry.add("mtls.spiffe.endpoint-socket", workloadApi::address);
 * }</pre>
 *
 * {@link #fail(Status.Code)} answers every call and open stream with an error; {@link #close()} takes
 * the endpoint away for good.
 */
public final class WorkloadApiServer implements AutoCloseable {

	/** The security header every Workload API call must carry (SPIFFE Workload API 6.2.1). */
	public static final Metadata.Key<String> SECURITY_HEADER = Metadata.Key.of("workload.spiffe.io",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Server server;

	private final String address;

	private final @Nullable EventLoopGroup group;

	private final List<ServerCallStreamObserver<Workload.X509SVIDResponse>> svidStreams = new CopyOnWriteArrayList<>();

	private final List<ServerCallStreamObserver<Workload.X509BundlesResponse>> bundleStreams = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private volatile @Nullable SpiffeTrustDomain local;

	private volatile @Nullable TestCertificate svid;

	private volatile List<SpiffeTrustDomain> federated = List.of();

	private volatile Status.@Nullable Code fault;

	private WorkloadApiServer(NettyServerBuilder builder, String address, @Nullable EventLoopGroup group) {
		this.group = group;
		try {
			this.server = builder
				.addService(ServerInterceptors.intercept(new Service(), new SecurityHeaderCheck()))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Workload API on " + address, ex);
		}
		// A TCP endpoint binds port 0: its address is known once it listens.
		this.address = address.startsWith("tcp:") ? address + this.server.getPort() : address;
	}

	/** Serves on a Unix domain socket in a new temporary directory ({@code unix:///tmp/.../agent.sock}). */
	public static WorkloadApiServer onUnixSocket() {
		try {
			return onUnixSocket(Files.createTempDirectory("spiffe-").resolve("agent.sock"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Serves on the Unix domain socket at {@code socket}, as SPIRE's agent does (Linux). */
	public static WorkloadApiServer onUnixSocket(Path socket) {
		EventLoopGroup group = new EpollEventLoopGroup(1);
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
			.channelType(EpollServerDomainSocketChannel.class)
			.bossEventLoopGroup(group)
			.workerEventLoopGroup(group);
		return new WorkloadApiServer(builder, "unix://" + socket.toAbsolutePath(), group);
	}

	/** Serves on a free loopback TCP port ({@code tcp://127.0.0.1:port}). */
	public static WorkloadApiServer onLoopbackTcp() {
		return new WorkloadApiServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
				"tcp://127.0.0.1:", null);
	}

	/** The endpoint address, as {@code SPIFFE_ENDPOINT_SOCKET} and {@code mtls.spiffe.endpoint-socket} take it. */
	public String address() {
		return this.address;
	}

	/**
	 * Serves {@code svid} (its chain and key) as the workload's X.509-SVID of trust domain
	 * {@code local}, and sends it to every open stream: a rotation.
	 */
	public WorkloadApiServer serve(SpiffeTrustDomain local, TestCertificate svid) {
		this.local = local;
		this.svid = svid;
		return publish();
	}

	/** Rotates the workload's SVID within its trust domain. */
	public WorkloadApiServer rotate(TestCertificate svid) {
		this.svid = svid;
		return publish();
	}

	/** Sends the bundles again, after a {@link SpiffeTrustDomain#rotateCa() CA rotation}. */
	public WorkloadApiServer publish() {
		Workload.X509SVIDResponse svids = svidResponse();
		Workload.X509BundlesResponse bundles = bundlesResponse();
		this.svidStreams.forEach((stream) -> {
			if (svids != null) {
				stream.onNext(svids);
			}
		});
		this.bundleStreams.forEach((stream) -> stream.onNext(bundles));
		return this;
	}

	/** Federates with {@code domains}, replacing any federation before: their bundles are sent too. */
	public WorkloadApiServer federateWith(SpiffeTrustDomain... domains) {
		this.federated = List.of(domains);
		return publish();
	}

	/**
	 * Answers every open stream and every new call with {@code code} until {@link #recover()}; a
	 * client retries {@code Unavailable} and {@code PermissionDenied}, never {@code InvalidArgument}.
	 */
	public WorkloadApiServer fail(Status.Code code) {
		this.fault = code;
		Status status = code.toStatus().withDescription("failing on demand");
		this.svidStreams.forEach((stream) -> stream.onError(status.asRuntimeException()));
		this.bundleStreams.forEach((stream) -> stream.onError(status.asRuntimeException()));
		this.svidStreams.clear();
		this.bundleStreams.clear();
		return this;
	}

	/** Answers calls again. */
	public WorkloadApiServer recover() {
		this.fault = null;
		return this;
	}

	/** The number of Workload API calls received (the streams opened, retries included). */
	public int calls() {
		return this.calls.get();
	}

	/** The number of {@code FetchX509SVID} streams open now. */
	public int openSvidStreams() {
		return this.svidStreams.size();
	}

	/** Takes the endpoint away: open streams end as a stopped agent's do ({@code Unavailable}). */
	@Override
	public void close() {
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.group != null) {
			this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		}
	}

	private Workload.@Nullable X509SVIDResponse svidResponse() {
		SpiffeTrustDomain domain = this.local;
		TestCertificate certificate = this.svid;
		if (domain == null || certificate == null) {
			return null;
		}
		String id = certificate.sanUri().stream().filter((uri) -> uri.startsWith("spiffe://")).findFirst().orElseThrow();
		Workload.X509SVID svid = Workload.X509SVID.newBuilder()
			.setSpiffeId(id)
			.setX509Svid(der(certificate.chain()))
			.setX509SvidKey(ByteString.copyFrom(certificate.privateKey().getEncoded()))
			.setBundle(bundle(domain))
			.build();
		Workload.X509SVIDResponse.Builder response = Workload.X509SVIDResponse.newBuilder().addSvids(svid);
		this.federated.forEach((federated) -> response.putFederatedBundles(federated.id(), bundle(federated)));
		return response.build();
	}

	private Workload.X509BundlesResponse bundlesResponse() {
		Map<String, ByteString> bundles = new LinkedHashMap<>();
		SpiffeTrustDomain domain = this.local;
		if (domain != null) {
			bundles.put(domain.id(), bundle(domain));
		}
		this.federated.forEach((federated) -> bundles.put(federated.id(), bundle(federated)));
		return Workload.X509BundlesResponse.newBuilder().putAllBundles(bundles).build();
	}

	private static ByteString bundle(SpiffeTrustDomain domain) {
		return der(domain.bundle().stream().map(TestCertificate::certificate).toList());
	}

	/** ASN.1 DER certificates concatenated, as the Workload API sends chains and bundles. */
	private static ByteString der(List<X509Certificate> certificates) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (X509Certificate certificate : certificates) {
			try {
				out.writeBytes(certificate.getEncoded());
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return ByteString.copyFrom(out.toByteArray());
	}

	private final class Service extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {

		@Override
		public void fetchX509SVID(Workload.X509SVIDRequest request,
				StreamObserver<Workload.X509SVIDResponse> responses) {
			open(responses, WorkloadApiServer.this.svidStreams, (server) -> server.svidResponse());
		}

		@Override
		public void fetchX509Bundles(Workload.X509BundlesRequest request,
				StreamObserver<Workload.X509BundlesResponse> responses) {
			open(responses, WorkloadApiServer.this.bundleStreams, (server) -> server.bundlesResponse());
		}

		private <T> void open(StreamObserver<T> responses, List<ServerCallStreamObserver<T>> streams,
				Function<WorkloadApiServer, @Nullable T> first) {
			WorkloadApiServer.this.calls.incrementAndGet();
			Status.Code fault = WorkloadApiServer.this.fault;
			if (fault != null) {
				responses.onError(fault.toStatus().withDescription("failing on demand").asRuntimeException());
				return;
			}
			T response = first.apply(WorkloadApiServer.this);
			if (response == null) {
				// SPIRE's agent: a caller no registration entry matches has no identity.
				responses.onError(Status.PERMISSION_DENIED.withDescription("no identity issued").asRuntimeException());
				return;
			}
			ServerCallStreamObserver<T> stream = (ServerCallStreamObserver<T>) responses;
			stream.setOnCancelHandler(() -> streams.remove(stream));
			streams.add(stream);
			stream.onNext(response);
		}

	}

	/** Refuses a call without {@code workload.spiffe.io: true}, before any service code runs. */
	private static final class SecurityHeaderCheck implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			if (!"true".equals(headers.get(SECURITY_HEADER))) {
				call.close(Status.INVALID_ARGUMENT.withDescription("security header missing from request"),
						new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			return next.startCall(call, headers);
		}

	}

}
