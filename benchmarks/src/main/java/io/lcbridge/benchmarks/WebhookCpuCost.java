package io.lcbridge.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Companion to {@link WebhookBenchmark} for a shared, overloaded machine: runs the same three
 * operations on one thread and reports throughput per second of <em>this thread's CPU time</em>
 * beside wall-clock throughput, so time the thread spent waiting for a core is not counted.
 * JMH remains the reference; this tells what one core does when it is actually given to us.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.lcbridge.benchmarks.WebhookCpuCost [WARMUP_S] [MEASURE_S]}
 */
public final class WebhookCpuCost {

    private WebhookCpuCost() {}

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        WebhookBenchmark bench = new WebhookBenchmark();
        bench.setUp();
        try {
            run("naiveNoStore", bench::naiveNoStore, warmup, measure);
            run("verifierMemoryStore", bench::verifierMemoryStore, warmup, measure);
            run("verifierH2Store", bench::verifierH2Store, warmup, measure);
        } finally {
            bench.tearDown();
        }
    }

    private static void run(String name, Supplier<?> op, int warmupSeconds, int measureSeconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        Object sink = null;
        while (System.nanoTime() < warmEnd) {
            sink = op.get();
        }
        long n = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long end = wall0 + measureSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            sink = op.get();
            n++;
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%-22s %9.0f ops/s per CPU-second   %9.0f ops/s wall   (cpu share %.0f%%)%s%n",
                name,
                n / cpu,
                n / wall,
                100 * cpu / wall,
                sink == null ? "?" : "");
    }
}
