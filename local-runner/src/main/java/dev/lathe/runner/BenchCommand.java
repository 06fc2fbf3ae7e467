package dev.lathe.runner;

import dev.lathe.tracking.RunOptions;
import dev.lathe.tracking.TrackedRun;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Benchmarks that print figures.", subcommands = {BenchCommand.Ingest.class, SweepBench.class})
final class BenchCommand {

    @Command(name = "ingest", description = "Log metric points through the tracking API into a fresh workspace and "
            + "compare the rate with what the SQLite engine itself inserts into a table of the same shape.")
    static final class Ingest implements java.util.concurrent.Callable<Integer> {
        static final double GOAL_RATIO = 0.5;

        private final Console console;
        @Option(names = "--points", defaultValue = "1000000", description = "Points in all (default: ${DEFAULT-VALUE}).")
        long points;
        @Option(names = "--runs", defaultValue = "100", description = "Runs to spread them over (default: ${DEFAULT-VALUE}).")
        int runs;
        @Option(names = "--keys", defaultValue = "10", description = "Metric keys per run (default: ${DEFAULT-VALUE}).")
        int keys;
        @Option(names = "--format", defaultValue = "table", description = "table or json.")
        Format format;
        @Option(names = "--check", description = "Exit 4 when the goal (half the engine's rate) is missed.")
        boolean check;
        @Option(names = "--repeat", defaultValue = "3", description = "Measurements of each side; medians are "
                + "reported (default: ${DEFAULT-VALUE}).")
        int repeat;
        @Option(names = "--dir", paramLabel = "PATH", description = "Folder for the scratch workspaces (default: a temp folder).")
        Path dir;

        Ingest(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            if (points <= 0 || runs <= 0 || keys <= 0 || points % ((long) runs * keys) != 0) {
                throw new UserException(ExitCodes.BAD_INPUT, "--points must be a positive multiple of --runs x --keys ("
                        + runs + " x " + keys + ")");
            }
            if (repeat < 1) {
                throw new UserException(ExitCodes.BAD_INPUT, "--repeat must be at least 1");
            }
            long steps = points / ((long) runs * keys);
            Path scratch = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lathe-bench-");
            try {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("points", points);
                result.put("runs", runs);
                result.put("keys", keys);
                result.put("steps", steps);
                result.put("repeat", repeat);
                List<Double> rates = new ArrayList<>();
                List<Double> engineRates = new ArrayList<>();
                List<Long> commitNanos = Collections.synchronizedList(new ArrayList<>());
                // tracker and engine alternate, so both see the same machine; the medians are reported
                for (int i = 0; i < repeat; i++) {
                    Progress progress = new Progress(console, "ingest " + (i + 1) + "/" + repeat,
                            format == Format.JSON ? console.err() : console.out());
                    rates.add(trackerRate(scratch, steps, commitNanos, result, progress));
                    engineRates.add(engineRate(scratch, runs, keys, steps));
                }
                double rate = median(rates);
                double engine = median(engineRates);
                result.put("points_per_second", Math.round(rate));
                result.put("points_per_second_each", rates.stream().map(Math::round).toList());
                result.put("batch_commits", commitNanos.size());
                result.put("batch_commit_ms_p50", round(percentile(commitNanos, 0.50) / 1e6));
                result.put("batch_commit_ms_p99", round(percentile(commitNanos, 0.99) / 1e6));
                result.put("batch_commit_ms_max", round(percentile(commitNanos, 1.0) / 1e6));
                result.put("engine_rows_per_second", Math.round(engine));
                result.put("engine_rows_per_second_each", engineRates.stream().map(Math::round).toList());
                result.put("ratio_to_engine", round(rate / engine));
                result.put("goal_ratio", GOAL_RATIO);
                result.put("goal_met", rate / engine >= GOAL_RATIO);
                print(result);
                return check && rate / engine < GOAL_RATIO ? ExitCodes.GOAL_MISSED : ExitCodes.OK;
            } finally {
                deleteTree(scratch, dir != null);
            }
        }

        /** Logs every point through the public tracking API into a fresh workspace; returns points per second. */
        private double trackerRate(Path scratch, long steps, List<Long> commitNanos, Map<String, Object> result,
                                   Progress progress) throws IOException, SQLException {
            Path wsDir = Files.createTempDirectory(scratch, "workspace-");
            try (Workspace ws = Workspace.open(wsDir);
                 Tracker tracker = new Tracker(ws, Tracker.DEFAULT_BATCH_POINTS, Tracker.DEFAULT_FLUSH_MILLIS,
                         commitNanos::add)) {
                String[] names = new String[keys];
                for (int k = 0; k < keys; k++) {
                    names[k] = "metric_" + k;
                }
                long start = System.nanoTime();
                // the runs are live together, as the trials of a sweep are; each is ended once all its
                // points are in, so run bookkeeping does not serialise the producer and the writer
                List<TrackedRun> live = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    live.add(tracker.startRun(RunOptions.in("bench").optName("bench-" + r)
                            .optCaptureGit(false).optCaptureEnvironment(false)));
                }
                for (int r = 0; r < runs; r++) {
                    TrackedRun run = live.get(r);
                    for (long s = 0; s < steps; s++) {
                        for (int k = 0; k < keys; k++) {
                            run.log(names[k], s, Math.sin(s * 0.01 + k) + r);
                        }
                    }
                    progress.update("runs", r + 1, runs, null);
                }
                for (TrackedRun run : live) {
                    run.close();
                }
                tracker.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.finish();
                long stored = ws.metrics().countPoints();
                if (stored != points) {
                    throw new IllegalStateException("stored " + stored + " points, expected " + points);
                }
                result.put("sqlite_version", sqliteVersion(ws.databaseFile()));
                result.put("workspace_mb", round(sizeOf(wsDir) / 1e6));
                return points / seconds;
            } finally {
                deleteTree(wsDir, false);
            }
        }

        static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        private void print(Map<String, Object> result) {
            if (format == Format.JSON) {
                console.out().println(Console.json(result));
                return;
            }
            result.forEach((k, v) -> console.out().printf("%-26s %s%n", k, v));
        }

        /**
         * The engine alone: one INSERT ... SELECT from a recursive CTE into a table with the metric table's shape
         * and primary key, same pragmas (WAL, synchronous FULL), no JDBC per row, rows generated in primary-key
         * order (the engine's best case). What the tracker is measured against.
         */
        static double engineRate(Path scratch, int runs, int keys, long steps) throws SQLException, IOException {
            Path file = Files.createTempFile(scratch, "engine-", ".db");
            long n = (long) runs * keys * steps;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = FULL");
                st.execute("""
                        CREATE TABLE metric (run_pk INTEGER NOT NULL, key_id INTEGER NOT NULL, step INTEGER NOT NULL,
                          ts INTEGER NOT NULL, value REAL, PRIMARY KEY (run_pk, key_id, step, ts)) WITHOUT ROWID""");
                long start = System.nanoTime();
                st.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (n - 1) + ") "
                        + "INSERT INTO metric SELECT i / " + ((long) keys * steps) + " + 1, (i / " + steps + ") % " + keys
                        + " + 1, i % " + steps + ", 1700000000000 + i, (i % 1000) * 0.001 FROM n");
                return n / ((System.nanoTime() - start) / 1e9);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(Path.of(file + "-wal"));
                Files.deleteIfExists(Path.of(file + "-shm"));
            }
        }

        private static String sqliteVersion(Path db) throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT sqlite_version()")) {
                return rs.next() ? rs.getString(1) : "?";
            }
        }

        static double percentile(List<Long> values, double q) {
            if (values.isEmpty()) {
                return 0;
            }
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int index = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }

        private static long sizeOf(Path dir) throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        }

        /** Deletes dir with what it holds; keepDir leaves the (emptied) folder itself. */
        private static void deleteTree(Path dir, boolean keepDir) throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !keepDir || !p.equals(dir))
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
