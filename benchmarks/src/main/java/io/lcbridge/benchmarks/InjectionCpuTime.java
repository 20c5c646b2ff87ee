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
 * <p>Under heavy load (other builds on the machine) even thread CPU time is inflated by whatever shares the core, and
 * a batch of 100 responses (several milliseconds) is nearly always preempted. Then give a small batch (the third
 * argument, e.g. 5 responses, well under a scheduler time slice) and many batches, and read the 10th percentile
 * column: the least disturbed batches, and its ratio to the floor's 10th percentile.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.lcbridge.benchmarks.InjectionCpuTime [pageChars] [batches]
 * [responsesPerBatch]}
 */
public final class InjectionCpuTime {

    private InjectionCpuTime() {}

    /** A workload of the benchmark: one response. */
    private interface Response {
        int run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int pageChars = args.length > 0 ? Integer.parseInt(args[0]) : 51200;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int perBatch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
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
                for (int k = 0; k < perBatch; k++) {
                    sink += responses[w].run();
                }
                perResponse[w][b] = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / perBatch;
            }
        }
        double floor = quantile(perResponse[2], 0.5);
        double floorP10 = quantile(perResponse[2], 0.1);
        for (int w = 0; w < responses.length; w++) {
            double median = quantile(perResponse[w], 0.5);
            double p10 = quantile(perResponse[w], 0.1);
            System.out.printf(
                    Locale.ROOT,
                    "%-20s min %7.2f us  median %7.2f us  median/floor %.2f  p10 %7.2f us  p10/floor %.2f%n",
                    names[w],
                    Arrays.stream(perResponse[w]).min().orElseThrow(),
                    median,
                    median / floor,
                    p10,
                    p10 / floorP10);
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** The value at {@code q} (0..1) of the sorted values; 0.5 is the median as before. */
    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) (q * sorted.length)];
    }
}
