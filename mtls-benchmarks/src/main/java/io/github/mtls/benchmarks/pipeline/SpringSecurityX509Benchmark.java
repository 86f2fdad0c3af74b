package io.github.mtls.benchmarks.pipeline;

import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsByNameServiceWrapper;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationProvider;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.preauth.x509.SubjectDnX509PrincipalExtractor;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;

/**
 * What Spring Security's {@code x509()} does per request on the same chain: the CN taken out of the
 * subject DN by {@link SubjectDnX509PrincipalExtractor}, looked up in an
 * {@link InMemoryUserDetailsManager}; and the same through the
 * {@link PreAuthenticatedAuthenticationProvider} that {@code x509()} installs, with its logging.
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'pipeline.SpringSecurityX509Benchmark' -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpringSecurityX509Benchmark {

	/** Number of users in the in-memory user store. */
	@Param({ "10", "1000", "10000" })
	public int identities;

	private X509Certificate leaf;

	private SubjectDnX509PrincipalExtractor extractor;

	private InMemoryUserDetailsManager users;

	private PreAuthenticatedAuthenticationProvider provider;

	private ExposedX509Filter filter;

	private HttpServletRequest request;

	@Setup(Level.Trial)
	public void setUp() {
		BenchmarkCertificates.productionLogging();
		this.leaf = BenchmarkCertificates.chain("ec")[0];
		this.extractor = new SubjectDnX509PrincipalExtractor();
		List<UserDetails> users = new ArrayList<>(this.identities);
		for (int i = 0; i < this.identities - 1; i++) {
			users.add(User.withUsername("client-" + i).password("{noop}unused").authorities("ROLE_CLIENT").build());
		}
		users.add(User.withUsername("client").password("{noop}unused").authorities("ROLE_CLIENT").build());
		this.users = new InMemoryUserDetailsManager(users);
		this.provider = new PreAuthenticatedAuthenticationProvider();
		this.provider.setPreAuthenticatedUserDetailsService(new UserDetailsByNameServiceWrapper<>(this.users));
		this.filter = new ExposedX509Filter();
		this.filter.setPrincipalExtractor(this.extractor);
		this.request = request(this.leaf);
		if (!extractAndLoad().getUsername().equals("client") || !provider().isAuthenticated()
				|| !filterAndProvider().isAuthenticated()) {
			throw new IllegalStateException("benchmark set-up does not authenticate the client");
		}
		RenderCountingCertificate counting = new RenderCountingCertificate(this.leaf);
		for (int i = 0; i < 1000; i++) {
			this.users.loadUserByUsername((String) this.extractor.extractPrincipal(counting));
		}
		int extractor = counting.renderings();
		for (int i = 0; i < 1000; i++) {
			this.provider.authenticate(
					new PreAuthenticatedAuthenticationToken(this.extractor.extractPrincipal(counting), counting));
		}
		int provider = counting.renderings() - extractor;
		HttpServletRequest countingRequest = request(counting);
		for (int i = 0; i < 1000; i++) {
			this.provider.authenticate(new PreAuthenticatedAuthenticationToken(
					this.filter.principal(countingRequest), this.filter.credentials(countingRequest)));
		}
		System.out.println("x509() building blocks, logging at INFO: certificate rendered to a string " + extractor
				+ " times in 1,000 extractor + user look-ups, " + provider + " times in 1,000 provider "
				+ "authentications, " + (counting.renderings() - extractor - provider)
				+ " times in 1,000 filter extractions + provider authentications");
	}

	/** The extractor and the user store: the two pieces the issue compares against. */
	@Benchmark
	public UserDetails extractAndLoad() {
		return this.users.loadUserByUsername((String) this.extractor.extractPrincipal(this.leaf));
	}

	/**
	 * What {@code x509()}'s filter does per request before the security context: principal and
	 * credentials read from the request (with the filter's debug logging), then the provider.
	 */
	@Benchmark
	public Authentication filterAndProvider() {
		return this.provider.authenticate(new PreAuthenticatedAuthenticationToken(this.filter.principal(this.request),
				this.filter.credentials(this.request)));
	}

	/** A request that carries only the client certificate, as Tomcat sets it after the handshake. */
	private static HttpServletRequest request(X509Certificate leaf) {
		X509Certificate[] chain = { leaf };
		return (HttpServletRequest) Proxy.newProxyInstance(SpringSecurityX509Benchmark.class.getClassLoader(),
				new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> {
					if (method.getName().equals("getAttribute")
							&& "jakarta.servlet.request.X509Certificate".equals(args[0])) {
						return chain;
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

	/** Opens up the two per-request steps of Spring Security's X.509 filter. */
	static final class ExposedX509Filter extends X509AuthenticationFilter {

		Object principal(HttpServletRequest request) {
			return getPreAuthenticatedPrincipal(request);
		}

		Object credentials(HttpServletRequest request) {
			return getPreAuthenticatedCredentials(request);
		}

	}

	/** The same through the provider {@code x509()} installs, as its filter calls it per request. */
	@Benchmark
	public Authentication provider() {
		return this.provider.authenticate(
				new PreAuthenticatedAuthenticationToken(this.extractor.extractPrincipal(this.leaf), this.leaf));
	}

}
