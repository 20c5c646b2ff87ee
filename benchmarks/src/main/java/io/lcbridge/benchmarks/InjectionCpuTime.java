package io.lcbridge.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link InjectionBenchmark}'s injectors and its read-every-char floor measured in <em>thread CPU time</em>, the three
 * taken in turn batch after batch in one JVM, so that their ratios hold on a shared machine where JMH's wall-clock
 * figures mostly measure the scheduler. Prints, per workload, the lowest and the median CPU time per response over
 * the batches, and the ratios of the medians to the floor.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.lcbridge.servlet.InjectionCpuTime [pageChars] [batches]}
 */
public final class InjectionCpuTime {

    private static final int PER_BATCH = 100;

    private InjectionCpuTime() {}

    /** A workload of the benchmark: one response. */
    private interface Response {
        int run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int pageChars = args.length > 0 ? Integer.parseInt(args[0]) : 51200;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        InjectionBenchmark benchmark = new InjectionBenchmark();
        benchmark.pageChars = pageChars;
        benchmark.setUp();
        String[] names = {"injectChars", "injectBytes", "floorReadEveryChar"};
        Response[] responses = {benchmark::injectChars, benchmark::injectBytes, benchmark::floorReadEveryChar};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int warm = 0; warm < 3000; warm++) {
            for (Response response : responses) {
                sink += response.run();
            }
        }
        double[][] perResponse = new double[responses.length][batches];
        for (int b = 0; b < batches; b++) {
            for (int w = 0; w < responses.length; w++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < PER_BATCH; k++) {
                    sink += responses[w].run();
                }
                perResponse[w][b] = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / PER_BATCH;
            }
        }
        double floor = median(perResponse[2]);
        for (int w = 0; w < responses.length; w++) {
            double median = median(perResponse[w]);
            System.out.printf(
                    Locale.ROOT,
                    "%-20s min %7.2f us  median %7.2f us  median/floor %.2f%n",
                    names[w],
                    Arrays.stream(perResponse[w]).min().orElseThrow(),
                    median,
                    median / floor);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
