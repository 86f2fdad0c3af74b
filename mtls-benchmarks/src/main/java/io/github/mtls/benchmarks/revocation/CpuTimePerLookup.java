package io.github.mtls.benchmarks.revocation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.github.mtls.test.SyntheticCrl;
import io.github.mtls.test.TestPki;

/**
 * The cached status lookup and the CRL index lookup in CPU time per operation, read from the
 * thread's CPU clock: on a shared machine JMH's wall-clock scores include the time the thread
 * waited for a core, this does not. {@code java -Xmx4g -cp mtls-benchmarks/target/benchmarks.jar
 * io.github.mtls.benchmarks.revocation.CpuTimePerLookup [crl]}; with {@code crl}, only the CRL
 * index lookups (by serial, and by serial and certificate issuer as {@code CrlValidation} calls it);
 * with {@code <statuses> <pattern> <rounds>} (e.g. {@code 1000 zipf 10}), only that status lookup,
 * measured {@code rounds} times in one JVM after one warm-up round, for a spread.
 */
public final class CpuTimePerLookup {

	private static final int OPERATIONS = 5_000_000;

	private CpuTimePerLookup() {
	}

	public static void main(String[] args) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		if (args.length == 3) {
			statusLookup(threads, Integer.parseInt(args[0]), args[1], Integer.parseInt(args[2]));
			return;
		}
		boolean crlOnly = args.length > 0 && "crl".equals(args[0]);
		for (int statuses : crlOnly ? new int[0] : new int[] { 1_000, 100_000, 1_000_000 }) {
			for (String pattern : new String[] { "zipf", "uniform" }) {
				statusLookup(threads, statuses, pattern, 1);
			}
		}
		CrlBenchmark.Crl crl = new CrlBenchmark.Crl();
		crl.entries = 1_000_000;
		crl.setUp();
		java.math.BigInteger[] queries = new java.math.BigInteger[1024];
		for (int i = 0; i < queries.length; i++) {
			queries[i] = (i % 2 == 0) ? SyntheticCrl.serial(i * 977) : SyntheticCrl.absentSerial(i * 977);
		}
		javax.security.auth.x500.X500Principal issuer = crl.issuer.getSubjectX500Principal();
		for (int round = 0; round < 2; round++) {
			int found = 0;
			for (int i = 0; i < OPERATIONS; i++) {
				found += crl.index.contains(queries[i & 1023]) ? 1 : 0;
			}
			long started = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < OPERATIONS; i++) {
				found += crl.index.contains(queries[i & 1023]) ? 1 : 0;
			}
			long nanos = threads.getCurrentThreadCpuTime() - started;
			System.out.printf("CRL index lookup by serial, 1,000,000 entries (half present): %6.0f ns CPU/op (%d)%n",
					(double) nanos / OPERATIONS, found);
			found = 0;
			for (int i = 0; i < OPERATIONS; i++) {
				found += (crl.index.indexOf(queries[i & 1023], issuer) >= 0) ? 1 : 0;
			}
			started = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < OPERATIONS; i++) {
				found += (crl.index.indexOf(queries[i & 1023], issuer) >= 0) ? 1 : 0;
			}
			nanos = threads.getCurrentThreadCpuTime() - started;
			System.out.printf("CRL index lookup by serial and issuer, 1,000,000 entries (half present): %6.0f ns CPU/op (%d)%n",
					(double) nanos / OPERATIONS, found);
		}
		TestPki.shared();
	}

	private static void statusLookup(ThreadMXBean threads, int statuses, String pattern, int rounds)
			throws Exception {
		CachedStatusBenchmark benchmark = new CachedStatusBenchmark();
		benchmark.statuses = statuses;
		benchmark.pattern = pattern;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.cachedLookup();
		}
		for (int round = 0; round < rounds; round++) {
			long started = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < OPERATIONS; i++) {
				benchmark.cachedLookup();
			}
			long nanos = threads.getCurrentThreadCpuTime() - started;
			System.out.printf("cached status lookup, %,9d statuses, %-7s: %6.0f ns CPU/op%n", statuses, pattern,
					(double) nanos / OPERATIONS);
		}
		benchmark.tearDown();
	}

}
