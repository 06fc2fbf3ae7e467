package dev.lathe.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.data.Table;
import dev.lathe.training.predict.Predictor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring latency of /invocations at a fixed request rate (open loop), client and server in one JVM on loopback.
 *
 * <p>Request i is due at {@code start + i / rate}; a scheduler thread sends it at that time whether or not earlier
 * requests have been answered (each on its own virtual thread, so the client never waits for the server before
 * sending the next one), and its latency is measured from the time it was due, not from when it was actually sent.
 * Queueing, in the client or the server, therefore counts in the latency instead of silently lowering the rate (no
 * coordinated omission). Each model first gets 2 s per payload at the highest rate (JIT warm-up), then each rate and
 * payload size gets a 2 s warm-up at that rate and 10 s measured.
 *
 * <p>Models: tribuo-logistic and djl-mlp trained on iris (another list with
 * {@code -Dlathe.bench.models=tribuo-forest,djl-mlp}). Rates: 100 and 500 requests/s ({@code -Dlathe.bench.rates}).
 * Payloads: MLflow dataframe_split with 1 and 10 rows. Prints a table and writes it to
 * target/serving-latency.txt. A harness, not part of the test run: tagged "bench", run it with
 * {@code mvn -pl modules/serving test -Dtest=ServingLatencyTest -Dgroups=bench -Dlathe.excludedGroups=none}.
 */
@Tag("bench")
class ServingLatencyTest {
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int[] PAYLOAD_ROWS = {1, 10};

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void invocationsLatencyAtFixedRate() throws Exception {
        List<String> models = List.of(System.getProperty("lathe.bench.models", "tribuo-logistic,djl-mlp").split(","));
        int[] rates = Arrays.stream(System.getProperty("lathe.bench.rates", "100,500").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        Table iris = Models.table("iris.csv");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "/invocations, dataframe_split, open loop, %d s warm-up + %d s measured per line, %d cores, "
                        + "load average %s%n",
                TimeUnit.NANOSECONDS.toSeconds(WARM_UP_NANOS), TimeUnit.NANOSECONDS.toSeconds(MEASURE_NANOS),
                Runtime.getRuntime().availableProcessors(), loadAverage()));
        table.append(String.format(Locale.ROOT, "%-16s %5s %4s %6s %6s %6s %9s %8s %8s %8s %8s %9s %6s%n",
                "model", "rate", "rows", "sent", "ok", "errors", "achieved", "p50", "p90", "p99", "max", "send lag",
                "load"));
        List<Line> lines = new ArrayList<>();
        for (String trainer : models) {
            try (Predictor predictor = Predictor.load(Models.train(dir, trainer.strip(), iris, "species", Map.of()));
                 ModelServer server = ModelServer.start(predictor, "iris", "1", new InetSocketAddress("127.0.0.1", 0),
                         ModelServer.Options.defaults());
                 ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                         .executor(senders).build()) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/invocations");
                Map<Integer, HttpRequest> requests = new LinkedHashMap<>();
                for (int rows : PAYLOAD_ROWS) {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(splitBody(iris, rows))).build();
                    HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, first.statusCode(), first.body());
                    assertEquals(rows, json.readTree(first.body()).get("predictions").size(), first.body());
                    // compile the scoring path before the first measured line, so the lowest rate is not judged
                    // while the JIT is still at work (2 s at the lowest rate is too few requests for that)
                    run(http, request, Arrays.stream(rates).max().orElseThrow(), WARM_UP_NANOS, senders);
                    requests.put(rows, request);
                }
                for (int rate : rates) {
                    for (int rows : PAYLOAD_ROWS) {
                        HttpRequest request = requests.get(rows);
                        run(http, request, rate, WARM_UP_NANOS, senders);
                        Line line = run(http, request, rate, MEASURE_NANOS, senders).line(trainer.strip(), rate, rows);
                        lines.add(line);
                        table.append(line.format());
                        System.out.print(line.format());
                    }
                }
            }
        }
        String report = table.append(String.format(Locale.ROOT,
                "latency in ms from each request's scheduled send time; achieved = ok answers per second over the "
                        + "measured window; send lag = the latest any request left after its scheduled time (ms); "
                        + "load = 1-minute load average at the end of the line; at the end %s%n", loadAverage()))
                .toString();
        Files.writeString(Path.of("target", "serving-latency.txt"), report);
        System.out.print(report);
        for (Line line : lines) {
            assertEquals(0, line.errors, () -> "requests failed or timed out:\n" + report);
            assertEquals(line.sent, line.ok, report);
        }
        assertTrue(lines.stream().allMatch(l -> l.achieved > 0.5 * l.rate), report);
    }

    /** One open-loop phase: sends rate x nanos requests on schedule, waits for every answer (or its timeout). */
    private static Result run(HttpClient http, HttpRequest request, int rate, long nanos, ExecutorService senders)
            throws InterruptedException {
        int n = (int) (rate * nanos / 1_000_000_000L);
        long interval = 1_000_000_000L / rate;
        long[] latency = new long[n];
        long[] done = new long[n];
        boolean[] ok = new boolean[n];
        long maxLag = 0;
        List<Future<?>> pending = new ArrayList<>(n);
        long start = System.nanoTime() + 1_000_000;
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            int index = i;
            pending.add(senders.submit(() -> {
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    ok[index] = r.statusCode() == 200 && r.body().startsWith("{\"predictions\":");
                } catch (Exception e) {
                    ok[index] = false;
                } finally {
                    long now = System.nanoTime();
                    done[index] = now;
                    latency[index] = now - due;
                }
            }));
        }
        for (Future<?> f : pending) {
            try {
                f.get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // counted as an error below: ok stays false
            }
        }
        return new Result(start, latency, done, ok, maxLag);
    }

    private record Result(long start, long[] latency, long[] done, boolean[] ok, long maxLag) {
        Line line(String model, int rate, int rows) {
            int sent = latency.length;
            long[] good = new long[sent];
            int okCount = 0;
            long last = start;
            for (int i = 0; i < sent; i++) {
                if (ok[i]) {
                    good[okCount++] = latency[i];
                    last = Math.max(last, done[i]);
                }
            }
            long[] sorted = Arrays.copyOf(good, okCount);
            Arrays.sort(sorted);
            double achieved = okCount / ((last - start) / 1e9);
            return new Line(model, rate, rows, sent, okCount, sent - okCount, achieved,
                    percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, maxLag / 1e6,
                    loadAverage().split(" ")[0]);
        }

        private static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    private record Line(String model, int rate, int rows, int sent, int ok, int errors, double achieved,
                        double p50, double p90, double p99, double max, double sendLag, String load) {
        String format() {
            return String.format(Locale.ROOT, "%-16s %5d %4d %6d %6d %6d %9.1f %8.2f %8.2f %8.2f %8.2f %9.2f %6s%n",
                    model, rate, rows, sent, ok, errors, achieved, p50, p90, p99, max, sendLag, load);
        }
    }

    /** An MLflow dataframe_split body with iris rows 40.. (the label left out), columns named. */
    private String splitBody(Table table, int rows) throws Exception {
        List<Map<String, Object>> records = Models.rows(table, "species", 40, rows);
        List<String> columns = List.copyOf(records.getFirst().keySet());
        List<List<Object>> data = records.stream().map(r -> List.copyOf(r.values())).toList();
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", columns);
        split.put("data", data);
        return json.writeValueAsString(Map.of("dataframe_split", split));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
