package io.lcbridge.benchmarks;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.testsupport.webhooks.MutatedPayloads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator of {@code benchmarks/run-reliability.sh}, against the Spring Boot demo over loopback.
 *
 * <ul>
 * <li>{@code soak BASE_URL WEBHOOK_SECRET SIGNING_SECRET LICENSE RATE_PER_S SECONDS RUN_ID}: sends unique
 * {@code incoming_chat} deliveries at a fixed rate, retrying a 5xx answer or a connection error like LiveChat (up to
 * 3 more tries within a minute), while fetching the home page in parallel; then reads the demo's
 * {@code /events/tally} and prints {@code SOAK ...} figures.</li>
 * <li>{@code badinput BASE_URL WEBHOOK_SECRET SIGNING_SECRET LICENSE COUNT CONCURRENCY SEED}: replays the verifier's
 * mutation corpus (dropped, retyped, truncated, duplicated fields and keys, cut bodies, random bytes, wrong secrets)
 * over HTTP and prints {@code BADINPUT ...}: 5xx answers and dispatches of bodies that cannot be authentic.</li>
 * </ul>
 */
public final class ReliabilityLoad {

    /** LiveChat retries up to 3 times within about a minute: delays of the retries after the first attempt. */
    private static final long[] RETRY_AT_SECONDS = {10, 25, 50};

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ReliabilityLoad() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "soak" ->
                soak(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]), args[7]);
            case "badinput" ->
                badInput(
                        args[1],
                        args[2],
                        args[3],
                        args[4],
                        Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]),
                        Long.parseLong(args[7]));
            default -> throw new IllegalArgumentException("mode must be soak or badinput, not " + args[0]);
        }
    }

    private static String template(String secret, String signingSecret, String license) {
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret(signingSecret);
        // the sample's thread starts at the run: the server receives on the real clock
        return SampleDelivery.body(keys, license, Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .replace(WebhookBenchmark.SECRET, secret);
    }

    private static String delivery(String template, String chatId, String threadId) {
        return template.replace("PJ0MRSHTDG", chatId).replace("K600PKZON8", threadId);
    }

    private static HttpRequest post(String url, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    // ---------------------------------------------------------------- soak

    private static void soak(
            String base, String secret, String signingSecret, String license, int rate, int seconds, String runId)
            throws Exception {
        String template = template(secret, signingSecret, license);
        String url = base + "/webhooks/livechat";
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(16))
                .build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
        int total = rate * seconds;
        CountDownLatch finished = new CountDownLatch(total);
        LongAdder attempts = new LongAdder();
        LongAdder acknowledged = new LongAdder();
        LongAdder retried = new LongAdder();
        LongAdder gaveUp = new LongAdder();
        LongAdder status5xx = new LongAdder();
        LongAdder connectionErrors = new LongAdder();
        LongAdder other = new LongAdder();
        List<String> gaveUpDetails = java.util.Collections.synchronizedList(new ArrayList<>());

        AtomicBoolean pagesRunning = new AtomicBoolean(true);
        LongAdder pages = new LongAdder();
        LongAdder pagesInjected = new LongAdder();
        LongAdder pageErrors = new LongAdder();
        Thread pageFetcher = new Thread(
                () -> {
                    HttpClient pageClient = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
                    while (pagesRunning.get()) {
                        try {
                            HttpResponse<String> r = pageClient.send(
                                    HttpRequest.newBuilder(URI.create(base + "/"))
                                            .timeout(TIMEOUT)
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            pages.increment();
                            if (r.statusCode() != 200 || !r.body().contains("</body>")) {
                                pageErrors.increment();
                            } else if (r.body().contains("__lc")) {
                                pagesInjected.increment();
                            }
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            pages.increment();
                            pageErrors.increment();
                        }
                    }
                },
                "page-fetcher");
        pageFetcher.start();

        long periodNanos = 1_000_000_000L / rate;
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        var sender = scheduler.scheduleAtFixedRate(
                () -> {
                    int n = next.getAndIncrement();
                    if (n >= total) {
                        return;
                    }
                    byte[] body = delivery(template, runId + n, "T" + runId + n).getBytes(StandardCharsets.UTF_8);
                    StringBuffer answers = new StringBuffer();
                    new Object() {
                        void attempt(int tryNo) {
                            attempts.increment();
                            client.sendAsync(post(url, body), HttpResponse.BodyHandlers.discarding())
                                    .whenComplete((r, e) -> {
                                        boolean retry;
                                        answers.append(answers.length() == 0 ? "" : ",")
                                                .append(e != null ? "error" : String.valueOf(r.statusCode()));
                                        if (e != null) {
                                            connectionErrors.increment();
                                            retry = true;
                                        } else if (r.statusCode() == 200) {
                                            acknowledged.increment();
                                            retry = false;
                                        } else if (r.statusCode() >= 500) {
                                            status5xx.increment();
                                            retry = true;
                                        } else {
                                            other.increment();
                                            retry = false;
                                        }
                                        if (retry && tryNo < RETRY_AT_SECONDS.length) {
                                            retried.increment();
                                            long delay = RETRY_AT_SECONDS[tryNo]
                                                    - (tryNo == 0 ? 0 : RETRY_AT_SECONDS[tryNo - 1]);
                                            scheduler.schedule(() -> attempt(tryNo + 1), delay, TimeUnit.SECONDS);
                                        } else {
                                            if (retry) {
                                                gaveUp.increment();
                                                gaveUpDetails.add(runId + n + " answers=" + answers);
                                            }
                                            finished.countDown();
                                        }
                                    });
                        }
                    }.attempt(0);
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
        // every delivery is either acknowledged, refused with a 4xx, or given up after its last retry (< 60 s later)
        boolean done = finished.await(seconds + 120L, TimeUnit.SECONDS);
        sender.cancel(false);
        pagesRunning.set(false);
        pageFetcher.join();
        scheduler.shutdownNow();
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        HttpClient tallyClient = HttpClient.newHttpClient();
        String tally = tallyClient
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(base + "/events/tally?action=incoming_chat&chatPrefix=" + runId))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        long distinct = number(tally, "distinct");
        long extra = number(tally, "extraDispatches");
        long repeated = number(tally, "repeated");
        System.out.println("SOAK sent=" + next.get() + " unique=" + total + " attempts=" + attempts.sum()
                + " acknowledged=" + acknowledged.sum() + " retries=" + retried.sum() + " answers_5xx="
                + status5xx.sum()
                + " connection_errors=" + connectionErrors.sum() + " answers_4xx=" + other.sum()
                + " gave_up_after_retries=" + gaveUp.sum() + " all_settled=" + done + " elapsed_s=" + elapsed);
        System.out.println("SOAK_DISPATCH dispatched_distinct=" + distinct + " dispatched_once=" + (distinct - repeated)
                + " lost=" + (total - distinct) + " duplicated=" + repeated + " extra_dispatches=" + extra);
        synchronized (gaveUpDetails) {
            gaveUpDetails.stream().limit(20).forEach(d -> System.out.println("SOAK_GAVE_UP chat=" + d));
        }
        System.out.println("SOAK_PAGES requests=" + pages.sum() + " with_widget=" + pagesInjected.sum() + " errors="
                + pageErrors.sum());
        System.exit(0);
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    // ---------------------------------------------------------------- bad input

    private static void badInput(
            String base, String secret, String signingSecret, String license, int count, int concurrency, long seed)
            throws Exception {
        String template = template(secret, signingSecret, license);
        String url = base + "/webhooks/livechat";
        Random random = new Random(seed);
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        List<byte[]> unauthentic = new ArrayList<>();
        List<byte[]> mayBeAuthentic = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String plain = delivery(template, "BAD" + seed + "X" + i, "TB" + seed + "X" + i);
            byte[] body = switch (i % 10) {
                case 0 ->
                    delivery(template, "BAD" + seed + "X" + i, "TB" + seed + "X" + i)
                            .replace(secret, "wrong-" + random.nextInt(1000))
                            .getBytes(StandardCharsets.UTF_8);
                case 1 -> {
                    byte[] b = new byte[random.nextInt(2000)];
                    random.nextBytes(b);
                    yield b;
                }
                case 2 ->
                    MutatedPayloads.mutate(
                            plain.replace(secret, secret.substring(0, secret.length() - 1)),
                            random,
                            1 + random.nextInt(4),
                            secret);
                default -> MutatedPayloads.mutate(plain, random, 1 + random.nextInt(4), secret);
            };
            (contains(body, secretBytes) ? mayBeAuthentic : unauthentic).add(body);
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient tallyClient = HttpClient.newHttpClient();
        URI tallyUri = URI.create(base + "/events/tally");
        long before = number(
                tallyClient
                        .send(HttpRequest.newBuilder(tallyUri).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .body(),
                "dispatches");
        long[] unauthenticFigures = replay(client, url, unauthentic, concurrency);
        long after = number(
                tallyClient
                        .send(HttpRequest.newBuilder(tallyUri).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .body(),
                "dispatches");
        long[] authenticFigures = replay(client, url, mayBeAuthentic, concurrency);
        System.out.println("BADINPUT sent=" + count + " cannot_be_authentic=" + unauthentic.size()
                + " carry_the_secret="
                + mayBeAuthentic.size() + " answers_2xx=" + (unauthenticFigures[0] + authenticFigures[0])
                + " answers_4xx="
                + (unauthenticFigures[1] + authenticFigures[1]) + " answers_5xx="
                + (unauthenticFigures[2] + authenticFigures[2])
                + " transport_errors=" + (unauthenticFigures[3] + authenticFigures[3]) + " unauthenticated_dispatches="
                + (after - before) + " requests_per_s=" + (authenticFigures[4] + unauthenticFigures[4]) / 2);
        System.exit(0);
    }

    /** Sends every body once; returns {2xx, 4xx, 5xx, transport errors, requests per second}. */
    private static long[] replay(HttpClient client, String url, List<byte[]> bodies, int concurrency) throws Exception {
        LongAdder ok = new LongAdder();
        LongAdder refused = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder errors = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    try {
                        int status = client.send(post(url, bodies.get(i)), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        (status >= 500 ? failed : status >= 400 ? refused : ok).increment();
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        return new long[] {ok.sum(), refused.sum(), failed.sum(), errors.sum(), Math.round(bodies.size() / seconds)};
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
