package io.github.mtls.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A SPIFFE trust domain of the test PKI: its name and its signing CA, which issues X.509-SVIDs as
 * SPIRE does (one {@code spiffe://} URI SAN, not a CA, key usage digitalSignature, keyEncipherment and
 * keyAgreement, extended key usage serverAuth and clientAuth, one hour by default). {@link #rotateCa()}
 * starts a new CA, as a SPIRE server does when it rotates its signing key; the Workload API then sends
 * the new bundle.
 *
 * <pre>{@code
 * static final SpiffeTrustDomain acme = SpiffeTrustDomain.create("acme.test");
 * static final TestCertificate billing = acme.svid("/ns/prod/sa/billing").build();
 * }</pre>
 */
public final class SpiffeTrustDomain {

	/** SPIRE's default X.509-SVID lifetime. */
	public static final Duration SVID_LIFETIME = Duration.ofHours(1);

	private final String name;

	private volatile TestCertificate ca;

	private volatile List<TestCertificate> bundle;

	private SpiffeTrustDomain(String name) {
		this.name = name;
		this.ca = newCa();
		this.bundle = List.of(this.ca);
	}

	/** A trust domain named {@code name} (lowercase, no scheme) with a fresh CA. */
	public static SpiffeTrustDomain create(String name) {
		return new SpiffeTrustDomain(name);
	}

	/** The trust domain name, such as {@code acme.test}. */
	public String name() {
		return this.name;
	}

	/** The trust domain's SPIFFE ID, such as {@code spiffe://acme.test}, as the Workload API keys bundles. */
	public String id() {
		return "spiffe://" + this.name;
	}

	/** The CA that signs new SVIDs. */
	public TestCertificate ca() {
		return this.ca;
	}

	/** The CAs in the trust domain's bundle now. */
	public List<TestCertificate> bundle() {
		return this.bundle;
	}

	/**
	 * Starts a new CA: new SVIDs are signed by it, and the bundle holds the new CA and, while
	 * {@code keepPrevious} is set, the previous one (as SPIRE publishes both during a rotation).
	 */
	public SpiffeTrustDomain rotateCa(boolean keepPrevious) {
		TestCertificate previous = this.ca;
		this.ca = newCa();
		this.bundle = keepPrevious ? List.of(this.ca, previous) : List.of(this.ca);
		return this;
	}

	/** Starts a new CA and drops the previous one from the bundle. */
	public SpiffeTrustDomain rotateCa() {
		return rotateCa(false);
	}

	/**
	 * An X.509-SVID for {@code path} (such as {@code /ns/prod/sa/billing}), signed by the current CA;
	 * change the builder for the edges (a second URI SAN, a CA flag, another key usage).
	 */
	public TestCertificate.Builder svid(String path) {
		return svid(path, UnaryOperator.identity());
	}

	/** An X.509-SVID for {@code path}, changed by {@code customizer} before it is signed. */
	public TestCertificate.Builder svid(String path, UnaryOperator<TestCertificate.Builder> customizer) {
		Instant now = Instant.now();
		return customizer.apply(TestCertificate.client("O=SPIRE,C=US")
			.sanUri(id() + path)
			.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement)
			.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)
			.validity(now.minusSeconds(60), now.plus(SVID_LIFETIME))
			.signedBy(this.ca));
	}

	/** Clients that trust this trust domain's current CA, as a workload of the domain does. */
	public MtlsClients clients() {
		return new MtlsClients(this.ca);
	}

	private TestCertificate newCa() {
		return TestCertificate.authority("CN=" + this.name + " SPIFFE CA " + Long.toString(System.nanoTime(), 36)
				+ ",O=SPIFFE").sanUri(id()).build();
	}

	@Override
	public String toString() {
		return id();
	}

}
