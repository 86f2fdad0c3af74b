package io.github.mtls.benchmarks.path;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The cold path-validation benchmarks in CPU time per operation, read from the thread's CPU clock
 * around each validation only (the re-reading of fresh certificate instances before it is not
 * counted): on a shared machine JMH's wall-clock scores include the time the thread waited for a
 * core, this does not. For the ordered pools, also the same validation repeated on kept instances,
 * a control for what fresh instances cost beyond it. Every case runs in rounds; the first
 * rounds warm the JIT up for all of them, the last is the one to quote.
 *
 * <pre>
 * java -cp mtls-benchmarks/target/benchmarks.jar io.github.mtls.benchmarks.path.CpuTimePerValidation [operations] [rounds]
 * </pre>
 */
public final class CpuTimePerValidation {

	private CpuTimePerValidation() {
	}

	public static void main(String[] args) {
		int operations = (args.length > 0) ? Integer.parseInt(args[0]) : 2_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		List<Case> cases = new ArrayList<>();
		for (String keyType : new String[] { "ec", "rsa" }) {
			CachedVerdictBenchmark cached = new CachedVerdictBenchmark();
			cached.keyType = keyType;
			cached.chains = 1;
			cached.setUp();
			cases.add(new Case("cached verdict, " + keyType + ", same instances (kept-alive connection)", () -> {
			}, cached::cachedVerdict));
			// A new TLS session of a client seen before: new instances, equal by their DER to the cached key.
			byte[][] der = BenchmarkPki.der(cached.chain);
			X509Certificate[][] reread = new X509Certificate[1][];
			cases.add(new Case("cached verdict, " + keyType + ", new instances of the chain (new TLS session)",
					() -> reread[0] = BenchmarkPki.parse(der), () -> cached.paths.validate(reread[0], cached.now, true)));
			for (int length : new int[] { 2, 3 }) {
				for (String pool : new String[] { "ordered", "unordered5" }) {
					ColdPathBenchmark benchmark = new ColdPathBenchmark();
					benchmark.keyType = keyType;
					benchmark.length = length;
					benchmark.pool = pool;
					benchmark.setUp();
					ColdPathBenchmark.Fresh fresh = new ColdPathBenchmark.Fresh();
					String name = "cold validation, " + keyType + ", path of " + length + ", " + pool;
					cases.add(new Case(name, () -> fresh.parse(benchmark), () -> benchmark.coldValidation(fresh)));
					if ("ordered".equals(pool)) {
						// Control: the same instances every time, nothing re-read.
						ColdPathBenchmark.Fresh kept = new ColdPathBenchmark.Fresh();
						kept.parse(benchmark);
						cases.add(new Case(name + ", same instances again", () -> {
						}, () -> benchmark.coldValidation(kept)));
					}
				}
			}
			for (String shape : new String[] { "anchored", "chained", "mixed", "capped" }) {
				CraftedPoolBenchmark benchmark = new CraftedPoolBenchmark();
				benchmark.keyType = keyType;
				benchmark.shape = shape;
				benchmark.setUp();
				CraftedPoolBenchmark.Fresh fresh = new CraftedPoolBenchmark.Fresh();
				cases.add(new Case("crafted pool, " + keyType + ", " + shape, () -> fresh.parse(benchmark),
						() -> benchmark.refusal(fresh)));
			}
		}
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int round = 1; round <= rounds; round++) {
			System.out.println("round " + round + " of " + rounds + ", " + operations + " operations per case");
			for (Case each : cases) {
				long total = 0;
				for (int i = 0; i < operations; i++) {
					each.prepare().run();
					long started = threads.getCurrentThreadCpuTime();
					each.operation().run();
					total += threads.getCurrentThreadCpuTime() - started;
				}
				System.out.printf("  %-66s %8.1f µs CPU/op%n", each.name(), total / 1000.0 / operations);
			}
		}
	}

	private record Case(String name, Runnable prepare, Runnable operation) {
	}

}
