package io.github.mtls.benchmarks.path;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cold path-validation benchmarks in CPU time per operation, read from the thread's CPU clock
 * around each validation only (the re-reading of fresh certificate instances before it is not
 * counted): on a shared machine JMH's wall-clock scores include the time the thread waited for a
 * core, this does not.
 *
 * <pre>
 * java -cp mtls-benchmarks/target/benchmarks.jar io.github.mtls.benchmarks.path.CpuTimePerValidation [operations]
 * </pre>
 */
public final class CpuTimePerValidation {

	private CpuTimePerValidation() {
	}

	public static void main(String[] args) {
		int operations = (args.length > 0) ? Integer.parseInt(args[0]) : 2_000;
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (String keyType : new String[] { "ec", "rsa" }) {
			for (int length : new int[] { 2, 3 }) {
				for (String pool : new String[] { "ordered", "unordered5" }) {
					ColdPathBenchmark benchmark = new ColdPathBenchmark();
					benchmark.keyType = keyType;
					benchmark.length = length;
					benchmark.pool = pool;
					benchmark.setUp();
					ColdPathBenchmark.Fresh fresh = new ColdPathBenchmark.Fresh();
					report("cold validation, " + keyType + ", path of " + length + ", " + pool, threads, operations,
							() -> fresh.parse(benchmark), (ignored) -> benchmark.coldValidation(fresh));
				}
			}
			for (String shape : new String[] { "anchored", "chained", "mixed" }) {
				CraftedPoolBenchmark benchmark = new CraftedPoolBenchmark();
				benchmark.keyType = keyType;
				benchmark.shape = shape;
				benchmark.setUp();
				CraftedPoolBenchmark.Fresh fresh = new CraftedPoolBenchmark.Fresh();
				report("crafted pool of 40, " + keyType + ", " + shape, threads, operations,
						() -> fresh.parse(benchmark), (ignored) -> benchmark.refusal(fresh));
			}
		}
	}

	private static void report(String name, ThreadMXBean threads, int operations, Runnable prepare,
			Consumer<Object> operation) {
		Supplier<Long> measure = () -> {
			long total = 0;
			for (int i = 0; i < operations; i++) {
				prepare.run();
				long started = threads.getCurrentThreadCpuTime();
				operation.accept(null);
				total += threads.getCurrentThreadCpuTime() - started;
			}
			return total;
		};
		measure.get();
		long nanos = measure.get();
		System.out.printf("%-52s %8.1f µs CPU/op%n", name, nanos / 1000.0 / operations);
	}

}
