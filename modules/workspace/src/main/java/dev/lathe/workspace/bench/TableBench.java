package dev.lathe.workspace.bench;

import dev.lathe.core.Ids;
import dev.lathe.workspace.RunTable;
import dev.lathe.workspace.Workspace;
import dev.lathe.workspace.query.RunField;
import dev.lathe.workspace.query.RunFilter;
import dev.lathe.workspace.query.RunSort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs-table benchmark: fills a workspace with N runs (20 params and 50 metric summaries each, in 5
 * experiments), then times random filter + sort + page queries of the shapes the table sends, and prints
 * p50/p95/max per shape and overall. Not a test: a harness that prints figures.
 *
 * <pre>java -cp modules/workspace/target/classes:$(cat cp.txt) dev.lathe.workspace.bench.TableBench
 *     [--dir /tmp/lathe-bench-ws] [--runs 100000] [--queries 200] [--warmup 20] [--page 500] [--columns 10|all]
 *     [--reuse]</pre>
 * --columns: how many params and metrics each row carries (a table shows a few of the 70); --reuse keeps an
 * already generated workspace; --warmup: untimed queries first (the JIT compiles the query code). Times are wall
 * clock and the query thread's CPU time; the CPU time (SQLite runs on that thread) is what a loaded machine leaves
 * unchanged.
 */
public final class TableBench {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    static final int PARAMS = 20;
    static final int METRICS = 50;
    static final String[] EXPERIMENTS = {"iris", "wine-quality", "churn", "mnist-mlp", "credit-risk"};
    static final String[] TRAINERS = {"djl-mlp", "tribuo-logistic", "tribuo-tree", "tribuo-xgboost"};
    static final String[] STATUSES = {"FINISHED", "FINISHED", "FINISHED", "FINISHED", "FINISHED", "FINISHED",
            "FAILED", "KILLED", "PRUNED", "PRUNED"};
    static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop", "adamw"};
    static final String[] TEAMS = {"vision", "tabular", "nlp"};

    private TableBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path dir = Path.of(opts.getOrDefault("dir", "/tmp/lathe-bench-ws"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "100000"));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "200"));
        if (!opts.containsKey("reuse") || !Files.exists(dir.resolve(Workspace.DB_FILE))) {
            deleteTree(dir);
            long t0 = System.nanoTime();
            generate(dir, runs, new Random(42));
            System.out.printf(Locale.ROOT, "generated %,d runs in %.1f s; %s is %,d MB%n", runs,
                    (System.nanoTime() - t0) / 1e9, dir.resolve(Workspace.DB_FILE),
                    Files.size(dir.resolve(Workspace.DB_FILE)) >> 20);
        }
        try (Workspace ws = Workspace.open(dir, Workspace.Mode.EXISTING)) {
            String columns = opts.getOrDefault("columns", "10");
            RunTable.Columns shown = columns.equals("all") ? null : new RunTable.Columns(
                    IntStream.range(0, Integer.parseInt(columns)).mapToObj(TableBench::paramName).toList(),
                    IntStream.range(0, Integer.parseInt(columns)).mapToObj(TableBench::metricName).toList());
            int page = Integer.parseInt(opts.getOrDefault("page", "500"));
            System.out.printf(Locale.ROOT, "%d queries after %s untimed, pages of %d rows, rows carry %s params and metrics%n",
                    queries, opts.getOrDefault("warmup", "20"), page, columns);
            int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
            bench(ws, queries, warmup, page, shown, new Random(7));
        }
    }

    /** Writes through one raw connection in one transaction: the workspace API's per-run writes would take hours. */
    public static void generate(Path dir, int runs, Random rnd) throws SQLException {
        // opening once creates the schema at this build's version, indexes included
        Workspace.open(dir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Workspace.DB_FILE));
             Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous = OFF");
            st.execute("PRAGMA cache_size = -262144");
            c.setAutoCommit(false);
            long now = System.currentTimeMillis();
            String[] experimentIds = new String[EXPERIMENTS.length];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment (id, name, created_at) VALUES (?, ?, ?)")) {
                for (int i = 0; i < EXPERIMENTS.length; i++) {
                    experimentIds[i] = Ids.newId();
                    ps.setString(1, experimentIds[i]);
                    ps.setString(2, EXPERIMENTS[i]);
                    ps.setLong(3, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metric_key (id, name) VALUES (?, ?)")) {
                for (int k = 0; k < METRICS; k++) {
                    ps.setInt(1, k + 1);
                    ps.setString(2, metricName(k));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement run = c.prepareStatement("""
                         INSERT INTO run (pk, id, experiment_id, name, status, started_at, ended_at, trainer, seed)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement param = c.prepareStatement("INSERT INTO param (run_pk, key, value) VALUES (?, ?, ?)");
                 PreparedStatement tag = c.prepareStatement("INSERT INTO tag (run_pk, key, value) VALUES (?, ?, ?)");
                 PreparedStatement summary = c.prepareStatement("""
                         INSERT INTO metric_summary (run_pk, key_id, last, last_step, last_ts, min, max, count)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                long yearAgo = now - 365L * 24 * 3600 * 1000;
                for (int pk = 1; pk <= runs; pk++) {
                    int exp = rnd.nextInt(EXPERIMENTS.length);
                    long started = yearAgo + (long) ((double) pk / runs * (now - yearAgo - 3_600_000L));
                    String status = STATUSES[rnd.nextInt(STATUSES.length)];
                    run.setLong(1, pk);
                    run.setString(2, Ids.newId());
                    run.setString(3, experimentIds[exp]);
                    run.setString(4, EXPERIMENTS[exp] + "-trial-" + pk);
                    run.setString(5, status);
                    run.setLong(6, started);
                    run.setLong(7, started + 1000L + rnd.nextInt(3_600_000));
                    run.setString(8, TRAINERS[rnd.nextInt(TRAINERS.length)]);
                    run.setLong(9, rnd.nextInt(1000));
                    run.addBatch();
                    double lr = Math.pow(10, -5 + 4 * rnd.nextDouble());
                    for (int p = 0; p < PARAMS; p++) {
                        param.setLong(1, pk);
                        param.setString(2, paramName(p));
                        param.setString(3, paramValue(p, lr, rnd));
                        param.addBatch();
                    }
                    tag.setLong(1, pk);
                    tag.setString(2, "team");
                    tag.setString(3, TEAMS[rnd.nextInt(TEAMS.length)]);
                    tag.addBatch();
                    double quality = rnd.nextDouble();
                    for (int k = 0; k < METRICS; k++) {
                        // a few runs miss a metric (a crash, an older trainer): the sorts must put them last
                        if (k > 2 && rnd.nextInt(20) == 0) {
                            continue;
                        }
                        double last = k == 0 ? 0.5 + 0.5 * quality : k == 1 ? 1.5 * (1 - quality) + 0.05 * rnd.nextDouble()
                                : rnd.nextDouble() * 10;
                        summary.setLong(1, pk);
                        summary.setInt(2, k + 1);
                        summary.setDouble(3, last);
                        summary.setLong(4, 100);
                        summary.setLong(5, started + 1000);
                        summary.setDouble(6, last * 0.8);
                        summary.setDouble(7, last * 1.2);
                        summary.setLong(8, 100);
                        summary.addBatch();
                    }
                    if (pk % 2000 == 0 || pk == runs) {
                        run.executeBatch();
                        param.executeBatch();
                        tag.executeBatch();
                        summary.executeBatch();
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            st.execute("ANALYZE");
        }
    }

    static String metricName(int k) {
        return switch (k) {
            case 0 -> "val_accuracy";
            case 1 -> "val_loss";
            case 2 -> "train_loss";
            default -> "m_%02d".formatted(k);
        };
    }

    static String paramName(int p) {
        return switch (p) {
            case 0 -> "lr";
            case 1 -> "batch_size";
            case 2 -> "optimizer";
            case 3 -> "dropout";
            case 4 -> "hidden";
            default -> "p_%02d".formatted(p);
        };
    }

    private static String paramValue(int p, double lr, Random rnd) {
        return switch (p) {
            case 0 -> String.format(Locale.ROOT, "%.3g", lr);
            case 1 -> String.valueOf(16 << rnd.nextInt(5));
            case 2 -> OPTIMIZERS[rnd.nextInt(OPTIMIZERS.length)];
            case 3 -> String.format(Locale.ROOT, "%.2f", rnd.nextDouble() * 0.5);
            case 4 -> String.valueOf(32 << rnd.nextInt(4));
            default -> String.valueOf(rnd.nextInt(100));
        };
    }

    /** One kind of query the table sends: a filter text, a sort and where the page starts. */
    private record Shape(String name, Function<Random, String> filter, Function<Random, List<RunSort>> sort,
                         boolean deep) {
    }

    static void bench(Workspace ws, int queries, int warmup, int limit, RunTable.Columns shown, Random rnd) {
        RunTable table = ws.runs().table(Clock.system(ZoneOffset.UTC));
        List<Shape> shapes = List.of(
                new Shape("newest first", r -> "", r -> List.of(), false),
                new Shape("sort by metric", r -> "", r -> List.of(RunSort.desc(RunField.metric(metricName(r.nextInt(METRICS))))), false),
                new Shape("metric filter + metric sort", r -> "metrics.val_accuracy > 0." + (80 + r.nextInt(19)),
                        r -> List.of(RunSort.asc(RunField.metric("val_loss"))), false),
                new Shape("param + status", r -> "params.lr < 0.000" + (1 + r.nextInt(9)) + " and status = FINISHED",
                        r -> List.of(RunSort.desc(RunField.column(RunField.Attr.STARTED))), false),
                new Shape("text param, metric, 2-key sort", r -> "params.optimizer = " + OPTIMIZERS[r.nextInt(4)]
                        + " and metrics.val_loss < 0." + (2 + r.nextInt(7)),
                        r -> List.of(RunSort.desc(RunField.metric("val_accuracy")), RunSort.asc(RunField.param("lr"))), false),
                new Shape("name contains", r -> "name ~ \"trial-" + (100 + r.nextInt(900)) + "\"",
                        r -> List.of(), false),
                new Shape("or / in / tags", r -> "tags.team = \"" + TEAMS[r.nextInt(3)] + "\" and (status in (FAILED, KILLED)"
                        + " or metrics.m_0" + (3 + r.nextInt(7)) + ".max > 11.5)",
                        r -> List.of(RunSort.asc(RunField.param("batch_size"))), false),
                new Shape("experiment + date + not", r -> "experiment = " + EXPERIMENTS[r.nextInt(5)]
                        + " and started > 2020-01-01 and not trainer = djl-mlp",
                        r -> List.of(RunSort.desc(RunField.column(RunField.Attr.DURATION))), false),
                new Shape("deep page, sort by param", r -> "", r -> List.of(RunSort.asc(RunField.param(paramName(r.nextInt(PARAMS))))),
                        true),
                new Shape("deep page, newest first", r -> "", r -> List.of(), true),
                new Shape("scroll: next page of a filter", r -> "metrics.val_accuracy > 0." + (50 + r.nextInt(40))
                        + " and params.optimizer != sgd", r -> List.of(RunSort.desc(RunField.metric("val_accuracy"))), false));
        // warm the page cache as opening a workspace in the app would, and the JIT as a few minutes of use would
        table.page(RunTable.Query.all(), 0, 500);
        Random warm = new Random(rnd.nextLong());
        for (int i = 0; i < warmup; i++) {
            Shape s = shapes.get(i % shapes.size());
            table.page(RunTable.Query.all().withFilter(RunFilter.parse(s.filter().apply(warm)))
                    .withSort(s.sort().apply(warm)).withColumns(shown), 0, limit);
        }
        Map<String, List<Double>> byShape = new LinkedHashMap<>();
        Map<String, List<Double>> cpuByShape = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            Shape s = shapes.get(i % shapes.size());
            RunTable.Query q = RunTable.Query.all().withFilter(RunFilter.parse(s.filter().apply(rnd)))
                    .withSort(s.sort().apply(rnd)).withColumns(shown);
            int offset = 0;
            if (s.name().startsWith("scroll")) {
                // the page before, as the table has just shown it
                table.page(q, 0, limit);
                offset = limit;
            }
            if (s.deep()) {
                long total = table.count(q);
                offset = (int) Math.max(0, (long) (rnd.nextDouble() * (total - limit)));
            }
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            RunTable.Page page = table.page(q, offset, limit);
            double ms = (System.nanoTime() - t0) / 1e6;
            cpuByShape.computeIfAbsent(s.name(), k -> new ArrayList<>()).add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
            if (page.total() > 0 && page.rows().isEmpty()) {
                throw new IllegalStateException("empty page for " + q);
            }
            byShape.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(ms);
            all.add(ms);
        }
        System.out.printf(Locale.ROOT, "%-34s %6s %8s %8s %8s %10s %10s%n", "shape", "n", "p50 ms", "p95 ms", "max ms",
                "cpu p50", "cpu p95");
        byShape.forEach((name, t) -> print(name, t, cpuByShape.get(name)));
        print("ALL", all, cpuByShape.values().stream().flatMap(List::stream).toList());
    }

    private static void print(String name, List<Double> times, List<Double> cpuTimes) {
        double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] cpu = cpuTimes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-34s %6d %8.1f %8.1f %8.1f %10.1f %10.1f%n", name, t.length, pct(t, 0.50),
                pct(t, 0.95), t[t.length - 1], pct(cpu, 0.50), pct(cpu, 0.95));
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; options: "
                        + Arrays.asList("--dir PATH", "--runs N", "--queries N", "--page ROWS", "--columns N|all", "--warmup N", "--reuse"));
            }
            String key = args[i].substring(2);
            out.put(key, key.equals("reuse") ? "true" : args[++i]);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
