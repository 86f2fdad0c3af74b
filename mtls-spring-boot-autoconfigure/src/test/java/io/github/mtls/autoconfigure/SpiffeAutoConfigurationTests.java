package io.github.mtls.autoconfigure;

import java.security.KeyStore;

import io.github.mtls.spiffe.SpiffeWorkload;
import io.github.mtls.spiffe.SvidSslBundle;
import io.github.mtls.spiffe.TrustDomainBinding;
import io.github.mtls.spiffe.WorkloadApiUnavailableException;
import io.github.mtls.test.SpiffeTrustDomain;
import io.github.mtls.test.WorkloadApiServer;
import io.grpc.Status;
import io.spiffe.svid.x509svid.X509Svid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.spiffe.*}: backs off unless enabled and java-spiffe is present; waits for the first SVID;
 * a missing or malformed endpoint and a Workload API that gives no SVID stop startup naming the socket.
 */
class SpiffeAutoConfigurationTests {

	static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");

	static final WorkloadApiServer workloadApi = WorkloadApiServer.onUnixSocket().serve(acme, acme.svid("/app").build());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpiffeAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("mtls.spiffe.enabled=true", "mtls.spiffe.endpoint-socket=" + workloadApi.address());

	@AfterAll
	static void stop() {
		workloadApi.close();
	}

	@Test
	void registersTheSvidAsAnSslBundleOnceTheFirstUpdateArrived() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SvidSslBundle.class).hasSingleBean(TrustDomainBinding.class);
			KeyStore keys = context.getBean(SslBundles.class).getBundle("spiffe").getStores().getKeyStore();
			assertThat(keys.getCertificate(keys.aliases().nextElement()))
				.isEqualTo(context.getBean(SpiffeWorkload.class).current().svid().leaf());
			assertThat(context.getBean(SpiffeWorkload.class).current().svid().id()).isEqualTo("spiffe://acme.test/app");
		});
	}

	@Test
	void backsOffUnlessEnabled() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpiffeAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SpiffeWorkload.class));
	}

	@Test
	void backsOffWithoutJavaSpiffe() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(X509Svid.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SpiffeWorkload.class));
	}

	@Test
	void failsStartupNamingTheSocketAndTheErrorWhenNoSvidArrives() {
		WorkloadApiServer noIdentity = WorkloadApiServer.onUnixSocket();
		try {
			this.contextRunner
				.withPropertyValues("mtls.spiffe.endpoint-socket=" + noIdentity.address(),
						"mtls.spiffe.startup-timeout=1s")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(WorkloadApiUnavailableException.class)
						.hasMessageContaining(noIdentity.address())
						.hasMessageContaining("PERMISSION_DENIED");
					FailureAnalysis analysis = new WorkloadApiUnavailableFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains(noIdentity.address(), "PERMISSION_DENIED");
				});
		}
		finally {
			noIdentity.close();
		}
	}

	@Test
	void failsStartupWhenTheEndpointIsGone() {
		WorkloadApiServer gone = WorkloadApiServer.onUnixSocket();
		gone.close();
		this.contextRunner
			.withPropertyValues("mtls.spiffe.endpoint-socket=" + gone.address(), "mtls.spiffe.startup-timeout=1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(WorkloadApiUnavailableException.class)
				.hasMessageContaining("UNAVAILABLE"));
	}

	@Test
	void doesNotRetryInvalidArgumentAndFailsStartupWithIt() {
		workloadApi.fail(Status.Code.INVALID_ARGUMENT);
		try {
			int before = workloadApi.calls();
			this.contextRunner.withPropertyValues("mtls.spiffe.startup-timeout=2s", "mtls.spiffe.initial-backoff=50ms")
				.run((context) -> {
					assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("INVALID_ARGUMENT");
					assertThat(workloadApi.calls() - before).isOne();
				});
		}
		finally {
			workloadApi.recover();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/run/spire/agent.sock", "unix://host/agent.sock", "tcp://localhost:8081",
			"tcp://127.0.0.1:8081/path", "http://127.0.0.1:8081" })
	void refusesAnEndpointTheSpecificationForbidsNamingTheProperty(String endpoint) {
		this.contextRunner.withPropertyValues("mtls.spiffe.endpoint-socket=" + endpoint)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidMtlsPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("mtls.spiffe.endpoint-socket")));
	}

	@Test
	void refusesToStartWithoutAnEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SpiffeAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("mtls.spiffe.enabled=true")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidMtlsPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("mtls.spiffe.endpoint-socket")));
	}

	@Test
	void refusesABackoffThatDoesNotGrow() {
		this.contextRunner.withPropertyValues("mtls.spiffe.initial-backoff=10s", "mtls.spiffe.max-backoff=1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidMtlsPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("mtls.spiffe.max-backoff")));
	}

}
