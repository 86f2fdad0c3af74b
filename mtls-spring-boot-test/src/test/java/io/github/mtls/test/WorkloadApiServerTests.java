package io.github.mtls.test;

import java.net.URI;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.internal.GrpcManagedChannelFactory;
import io.spiffe.workloadapi.internal.ManagedChannelWrapper;
import io.spiffe.workloadapi.internal.SecurityHeaderInterceptor;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test Workload API read by java-spiffe's own parsing, over a real Unix domain socket and TCP:
 * what SPIRE's agent would send, and the errors the specification asks for.
 */
class WorkloadApiServerTests {

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static final SpiffeTrustDomain partner = SpiffeTrustDomain.create("partner.test");

	final ExecutorService executor = Executors.newCachedThreadPool();

	WorkloadApiServer server;

	ManagedChannelWrapper channel;

	@AfterEach
	void close() {
		if (this.channel != null) {
			this.channel.close();
		}
		this.server.close();
		this.executor.shutdownNow();
	}

	@Test
	void servesTheSvidWithItsBundleAndTheFederatedBundlesOnAUnixSocket() throws Exception {
		TestCertificate svid = acme.svid("/billing").build();
		this.server = WorkloadApiServer.onUnixSocket().serve(acme, svid).federateWith(partner);

		Workload.X509SVIDResponse response = stub(true).fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance())
			.next();

		Workload.X509SVID received = response.getSvids(0);
		X509Svid parsed = X509Svid.parseRaw(received.getX509Svid().toByteArray(),
				received.getX509SvidKey().toByteArray());
		assertThat(parsed.getSpiffeId().toString()).isEqualTo("spiffe://acme.test/billing");
		assertThat(parsed.getLeaf()).isEqualTo(svid.certificate());
		assertThat(X509Bundle.parse(TrustDomain.parse("acme.test"), received.getBundle().toByteArray())
			.getX509Authorities()).containsExactly(acme.ca().certificate());
		assertThat(response.getFederatedBundlesMap()).containsOnlyKeys("spiffe://partner.test");
	}

	@Test
	void sendsEveryRotationToTheOpenStream() {
		this.server = WorkloadApiServer.onLoopbackTcp().serve(acme, acme.svid("/billing").build());
		Iterator<Workload.X509SVIDResponse> stream = stub(true)
			.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance());
		stream.next();
		TestCertificate rotated = acme.svid("/billing").build();

		this.server.rotate(rotated);

		assertThat(stream.next().getSvids(0).getX509Svid().toByteArray()).startsWith(encoded(rotated));
	}

	@Test
	void streamsTheBundlesOfEveryTrustDomainAndDropsARemovedFederation() {
		this.server = WorkloadApiServer.onUnixSocket().serve(acme, acme.svid("/billing").build()).federateWith(partner);
		Iterator<Workload.X509BundlesResponse> stream = stub(true)
			.fetchX509Bundles(Workload.X509BundlesRequest.getDefaultInstance());
		assertThat(stream.next().getBundlesMap()).containsOnlyKeys("spiffe://acme.test", "spiffe://partner.test");

		this.server.federateWith();

		assertThat(stream.next().getBundlesMap()).containsOnlyKeys("spiffe://acme.test");
	}

	@Test
	void refusesACallWithoutTheSecurityHeaderAsInvalidArgument() {
		this.server = WorkloadApiServer.onUnixSocket().serve(acme, acme.svid("/billing").build());

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub(false).fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance()).next())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
	}

	@Test
	void answersAWorkloadWithoutAnSvidWithPermissionDenied() {
		this.server = WorkloadApiServer.onUnixSocket();

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub(true).fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance()).next())
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void failsOpenStreamsAndNewCallsOnDemandUntilRecovered() {
		this.server = WorkloadApiServer.onUnixSocket().serve(acme, acme.svid("/billing").build());
		Iterator<Workload.X509SVIDResponse> stream = stub(true)
			.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance());
		stream.next();

		this.server.fail(Status.Code.UNAVAILABLE);

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(stream::next)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		this.server.recover();
		assertThat(stub(true).fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance()).next().getSvidsCount())
			.isOne();
	}

	private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub stub(boolean securityHeader) {
		this.channel = GrpcManagedChannelFactory.newChannel(URI.create(this.server.address()), this.executor);
		Channel channel = securityHeader
				? ClientInterceptors.intercept(this.channel.getChannel(), new SecurityHeaderInterceptor())
				: this.channel.getChannel();
		return SpiffeWorkloadAPIGrpc.newBlockingStub(channel);
	}

	private static byte[] encoded(TestCertificate certificate) {
		try {
			return certificate.certificate().getEncoded();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
