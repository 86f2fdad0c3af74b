package io.github.mtls.revocation;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CRL side of a cold revocation status (what the status cache's loader runs once per
 * certificate and CRL version, never per request): RFC 5280 6.3.3 processing by
 * {@link CrlValidation#status} for a client certificate with a distribution point, against a
 * complete CRL of {@code entries} entries (CRL number 100) and a delta CRL of 100 entries based on
 * it (number 101), both signed by the root that issued the client (P-256). Beside it, the compact index's
 * lookups on the complete CRL: {@link CrlIndex#indexOf(BigInteger, X500Principal)}, which
 * {@code CrlValidation} calls, against the plain {@link CrlIndex#indexOf(BigInteger)} of the
 * revocation issue, for a serial that is not on the CRL.
 *
 * <p>In package {@code io.github.mtls.revocation} because {@code CrlValidation} is package-private.
 *
 * <pre>
 * java -jar mtls-benchmarks/target/benchmarks.jar 'revocation.CrlValidationBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CrlValidationBenchmark {

	private static final int DELTA_ENTRIES = 100;

	@Param({ "10000" })
	public int entries;

	/**
	 * The client's status: {@code good} (on neither CRL: every CRL consulted), {@code base} (revoked
	 * on the complete CRL), {@code delta} (revoked on the delta CRL since the base).
	 */
	@Param({ "good", "base", "delta" })
	public String status;

	private CrlValidation validation;

	private X509Certificate client;

	private X509Certificate root;

	private List<X509Certificate> candidates;

	private List<CrlIndex> crls;

	private byte[] completeDer;

	private byte[] deltaDer;

	private CrlIndex complete;

	private BigInteger absent;

	private X500Principal issuer;

	private Instant now;

	/** A request's question: at the current time, no CRL signer being decided, state may change. */
	private CrlQuery query;

	@Setup
	public void setUp() throws Exception {
		TestPki pki = TestPki.create("CN=Bench CRL Root CA,O=Bench Corp");
		TestCertificate root = pki.root();
		this.now = Instant.now();
		BigInteger serial = switch (this.status) {
			case "good" -> SyntheticCrl.absentSerial(this.entries / 2);
			case "base" -> SyntheticCrl.serial(this.entries / 2);
			case "delta" -> SyntheticCrl.serial(this.entries + DELTA_ENTRIES / 2);
			default -> throw new IllegalArgumentException(this.status);
		};
		this.client = pki.client("CN=client,O=Bench Corp",
				(builder) -> builder.serial(serial).crlUrl("http://crl.bench.example/root.crl"))
			.certificate();
		this.root = root.certificate();
		this.issuer = this.root.getSubjectX500Principal();
		this.candidates = List.of(this.client, this.root);
		this.completeDer = crl(root, 0, this.entries, 100, null);
		this.deltaDer = crl(root, this.entries, DELTA_ENTRIES, 101, BigInteger.valueOf(100));
		this.complete = CrlIndex.read(this.completeDer);
		this.crls = List.of(this.complete, CrlIndex.read(this.deltaDer));
		this.absent = SyntheticCrl.absentSerial(this.entries / 3);
		this.query = new CrlQuery(this.now, List.of(), true);
		this.validation = new CrlValidation((signer, anchor, pool, query) -> "no other CRL signer expected");
		CrlValidation.Outcome outcome = decide();
		CrlValidation.Outcome.State expected = "good".equals(this.status) ? CrlValidation.Outcome.State.GOOD
				: CrlValidation.Outcome.State.REVOKED;
		if (outcome.state() != expected || outcome.delta() != !"base".equals(this.status)) {
			throw new IllegalStateException("expected " + expected + " for " + this.status + ": " + outcome);
		}
		if (this.complete.indexOf(this.absent, this.issuer) != -1 || this.complete.indexOf(this.absent) != -1) {
			throw new IllegalStateException("the absent serial is on the CRL");
		}
	}

	/** A CRL of {@code count} synthetic serials from {@code first}, signed by {@code issuer}. */
	private byte[] crl(TestCertificate issuer, int first, int count, long number, @Nullable BigInteger base) throws Exception {
		X509Certificate ca = issuer.certificate();
		X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.getSubjectX500Principal(),
				Date.from(this.now.minus(Duration.ofMinutes(5))));
		builder.setNextUpdate(Date.from(this.now.plus(Duration.ofDays(7))));
		Date revoked = Date.from(this.now.minus(Duration.ofDays(1)));
		for (int i = first; i < first + count; i++) {
			builder.addCRLEntry(SyntheticCrl.serial(i), revoked,
					(i % 10 == 0) ? CRLReason.keyCompromise : CRLReason.unspecified);
		}
		builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
		if (base != null) {
			builder.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(base));
		}
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
		return builder
			.build(new JcaContentSignerBuilder("SHA256withECDSA")
				.build(issuer.privateKey()))
			.getEncoded();
	}

	private CrlValidation.Outcome decide() {
		return this.validation.status(this.client, this.root, this.candidates, this.root, this.crls, this.query);
	}

	/**
	 * The status decision with both CRLs read and their signatures verified before (as while a CRL
	 * version is current): distribution point, scope, signer, delta, lookups.
	 */
	@Benchmark
	public CrlValidation.Outcome statusDecision() {
		return decide();
	}

	/**
	 * A new CRL version: both CRLs read into their indexes, their signatures verified, then the
	 * decision. In microseconds of the same unit; the reading is the part that grows with the CRL.
	 */
	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public CrlValidation.Outcome newCrlVersion() throws RevocationSourceException {
		List<CrlIndex> fresh = List.of(CrlIndex.read(this.completeDer), CrlIndex.read(this.deltaDer));
		return this.validation.status(this.client, this.root, this.candidates, this.root, fresh, this.query);
	}

	/** The compact index's lookup as {@code CrlValidation} makes it: serial and certificate issuer. */
	@Benchmark
	public int indexOfSerialAndIssuer() {
		return this.complete.indexOf(this.absent, this.issuer);
	}

	/** The plain lookup of the revocation issue, for comparison. */
	@Benchmark
	public int indexOfSerial() {
		return this.complete.indexOf(this.absent);
	}

}
