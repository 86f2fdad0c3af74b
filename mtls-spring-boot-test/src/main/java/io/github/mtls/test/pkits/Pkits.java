package io.github.mtls.test.pkits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.github.mtls.test.TestCertificate;

/**
 * The NIST PKITS 1.0.1 test table, read once from the classpath
 * ({@code io/github/mtls/test/pkits/}: {@code tests.json}, {@code certs/}, {@code crls/}).
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("io.github.mtls.test.pkits.Pkits#tests")
 * void validatesLikeRfc5280(PkitsTest test) { ... }
 * }</pre>
 */
public final class Pkits {

	/** The classpath folder holding the suite. */
	public static final String LOCATION = "io/github/mtls/test/pkits/";

	private Pkits() {
	}

	/** All 249 test blocks, in the suite's order. */
	public static List<PkitsTest> tests() {
		return Table.INSTANCE.tests;
	}

	/**
	 * One test block by its id.
	 * @param id e.g. {@code 4.4.3} or {@code 4.8.6#2}
	 * @return the block
	 * @throws NoSuchElementException if the suite has no such block
	 */
	public static PkitsTest test(String id) {
		PkitsTest test = Table.INSTANCE.byId.get(id);
		if (test == null) {
			throw new NoSuchElementException("No PKITS test " + id);
		}
		return test;
	}

	/** The trust anchor shared by every block ({@code TrustAnchorRootCertificate}). */
	public static X509Certificate anchor() {
		return certificate("TrustAnchorRootCertificate");
	}

	/** The PEM of {@link #anchor()}, for a trust bundle. */
	public static String anchorPem() {
		return TestCertificate.pem(anchor());
	}

	/**
	 * A certificate of the suite by its file name without {@code .crt}.
	 * @param name e.g. {@code GoodCACert}
	 * @return the certificate
	 */
	public static X509Certificate certificate(String name) {
		return Table.INSTANCE.certificate(name);
	}

	/** Read on first use, so that merely loading the class costs nothing. */
	private static final class Table {

		static final Table INSTANCE = new Table();

		private final Map<String, X509Certificate> certificates = new HashMap<>();

		private final Map<String, PkitsCrl> crls = new HashMap<>();

		final List<PkitsTest> tests;

		final Map<String, PkitsTest> byId;

		private Table() {
			TestsJson json = JsonMapper.builder().build().readValue(read("tests.json"), TestsJson.class);
			List<PkitsTest> tests = new ArrayList<>(json.tests().size());
			Map<String, PkitsTest> byId = new LinkedHashMap<>();
			for (Block block : json.tests()) {
				PkitsTest test = block.toTest(this);
				tests.add(test);
				if (byId.put(test.id(), test) != null) {
					throw new IllegalStateException("Duplicate PKITS test " + test.id());
				}
			}
			this.tests = List.copyOf(tests);
			this.byId = Map.copyOf(byId);
		}

		synchronized X509Certificate certificate(String name) {
			return this.certificates.computeIfAbsent(name, (n) -> {
				try {
					return (X509Certificate) CertificateFactory.getInstance("X.509")
						.generateCertificate(new ByteArrayInputStream(read("certs/" + n + ".crt")));
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException("PKITS certificate " + n + " does not parse", ex);
				}
			});
		}

		synchronized PkitsCrl crl(String name) {
			return this.crls.computeIfAbsent(name, (n) -> new PkitsCrl(n, read("crls/" + n + ".crl")));
		}

		private static byte[] read(String path) {
			try (InputStream in = Pkits.class.getClassLoader().getResourceAsStream(LOCATION + path)) {
				if (in == null) {
					throw new IllegalStateException("PKITS resource missing from the classpath: " + LOCATION + path);
				}
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** {@code tests.json} as written; see the README beside it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TestsJson(String suite, List<Block> tests) {
	}

	/** The informative {@code expected-user-constrained-policy-set} is not carried over. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Block(String id, String title, String section, String anchor, List<String> intermediates, String target,
			List<String> crls, String expected, @Nullable Settings settings) {

		PkitsTest toTest(Table table) {
			if (!this.expected.equals("valid") && !this.expected.equals("invalid")) {
				throw new IllegalStateException("PKITS test " + this.id + " expects '" + this.expected + "'");
			}
			return new PkitsTest(this.id, this.title, this.section, table.certificate(this.anchor),
					this.intermediates.stream().map(table::certificate).toList(), table.certificate(this.target),
					this.crls.stream().map(table::crl).toList(), this.expected.equals("valid"),
					(this.settings != null) ? this.settings.toSettings() : PkitsSettings.DEFAULTS);
		}

	}

	/** A block's {@code settings}: an absent field keeps RFC 5280's default. */
	record Settings(@JsonProperty("initial-policy-set") @Nullable List<String> initialPolicySet,
			@JsonProperty("initial-explicit-policy") @Nullable Boolean initialExplicitPolicy,
			@JsonProperty("initial-policy-mapping-inhibit") @Nullable Boolean initialPolicyMappingInhibit,
			@JsonProperty("initial-inhibit-any-policy") @Nullable Boolean initialInhibitAnyPolicy) {

		PkitsSettings toSettings() {
			Set<String> policies = (this.initialPolicySet != null)
					? new LinkedHashSet<>(this.initialPolicySet.stream().map(PkitsSettings::oid).toList())
					: Set.of(PkitsSettings.ANY_POLICY);
			return new PkitsSettings(policies, Boolean.TRUE.equals(this.initialExplicitPolicy),
					Boolean.TRUE.equals(this.initialPolicyMappingInhibit), Boolean.TRUE.equals(this.initialInhibitAnyPolicy));
		}

	}

}
