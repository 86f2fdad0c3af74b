package io.github.mtls.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A ready-made PKI for an mTLS test: a root CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and the Spring Boot properties that make the application serve HTTPS with
 * {@code client-auth=need} and trust the root.
 *
 * <pre>{@code
 * static final TestPki pki = TestPki.shared();
 * static final TestCertificate orders = pki.client("CN=orders");
 *
 * @DynamicPropertySource
 * static void mtls(DynamicPropertyRegistry registry) {
 *     pki.serverProperties().forEach(registry::add);
 *     registry.add("mtls.identities.orders.subject-dn", orders::subjectDn);
 * }
 * }</pre>
 */
public final class TestPki {

	/** The SSL bundle name that {@link #serverProperties()} registers. */
	public static final String BUNDLE = "mtls-test";

	private static volatile TestPki shared;

	private final TestCertificate root;

	private final TestCertificate server;

	private final Map<String, TestCertificate> authorities = new ConcurrentHashMap<>();

	private final Map<IdentityDeclaration, TestCertificate> identities = new ConcurrentHashMap<>();

	private TestPki(TestCertificate root) {
		this.root = root;
		this.server = TestCertificate.server("localhost").sanIp("127.0.0.1").sanIp("::1").signedBy(root).build();
	}

	/** A new PKI with its own root CA named {@code rootDn}. */
	public static TestPki create(String rootDn) {
		return new TestPki(TestCertificate.authority(rootDn).build());
	}

	/** One PKI shared by every test of the run, so keys are generated once. */
	public static TestPki shared() {
		TestPki pki = shared;
		if (pki == null) {
			synchronized (TestPki.class) {
				if (shared == null) {
					shared = create("CN=mtls-test Root CA,O=mtls-spring-boot-test");
				}
				pki = shared;
			}
		}
		return pki;
	}

	public TestCertificate root() {
		return this.root;
	}

	public TestCertificate server() {
		return this.server;
	}

	/** A client certificate issued by this PKI's root. */
	public TestCertificate client(String subjectDn) {
		return client(subjectDn, UnaryOperator.identity());
	}

	/** A client certificate issued by this PKI's root, customised by {@code customizer}. */
	public TestCertificate client(String subjectDn, UnaryOperator<TestCertificate.Builder> customizer) {
		return customizer.apply(TestCertificate.client(subjectDn).signedBy(this.root)).build();
	}

	/**
	 * Properties for an HTTPS server on a random port that presents {@link #server()}, asks for a
	 * client certificate ({@code need}) and trusts this PKI's root and the {@code additionalTrust}.
	 */
	public Map<String, String> serverProperties(TestCertificate... additionalTrust) {
		StringBuilder trust = new StringBuilder(this.root.certificatePem());
		for (TestCertificate ca : additionalTrust) {
			trust.append(ca.certificatePem());
		}
		Map<String, String> properties = new LinkedHashMap<>();
		String bundle = "spring.ssl.bundle.pem." + BUNDLE;
		properties.put(bundle + ".keystore.certificate", this.server.chainPem());
		properties.put(bundle + ".keystore.private-key", this.server.privateKeyPem());
		properties.put(bundle + ".truststore.certificate", trust.toString());
		properties.put("server.ssl.bundle", BUNDLE);
		properties.put("server.ssl.client-auth", "need");
		properties.put("server.port", "0");
		return properties;
	}

	/**
	 * A root CA unrelated to this PKI's root, made once per PKI and DN: a second CA, or another
	 * issuer of the same subject. {@link #root()} when {@code subjectDn} is the root's own DN.
	 */
	public TestCertificate authority(String subjectDn) {
		if (subjectDn.equals(this.root.subjectDn())) {
			return this.root;
		}
		return this.authorities.computeIfAbsent(subjectDn, (dn) -> TestCertificate.authority(dn).build());
	}

	/** The certificate of a declared identity, made once per PKI and declaration. */
	TestCertificate certificate(IdentityDeclaration identity) {
		return this.identities.computeIfAbsent(identity, (declaration) -> declaration.issue(this));
	}

	/** Clients that trust this PKI's root. */
	public MtlsClients clients() {
		return new MtlsClients(this.root);
	}

}
