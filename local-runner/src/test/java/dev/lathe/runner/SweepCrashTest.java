package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps killed with SIGKILL at random moments, again and again, then resumed: every trial index ends with
 * exactly one finished run, no config runs twice, and the database stays sound.
 */
@Tag("slow")
class SweepCrashTest {
    private static final int RUN_CAP = 16;
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void sweepsKilledAtRandomMomentsResumeWithoutLosingOrDuplicatingTrials() throws Exception {
        Datasets.copy("iris.csv", dir);
        Path ws = dir.resolve("ws");
        Random random = new Random(11);
        int kills = 0;
        List<String> sweepIds = new ArrayList<>();
        for (int round = 0; kills < KILLS && round < 30; round++) {
            Path file = dir.resolve("crash-" + round + ".yaml");
            Files.writeString(file, """
                    name: crash-%d
                    data: iris.csv
                    label: species
                    trainer: tribuo-cart
                    method: random
                    metric: {name: val_accuracy, goal: maximize}
                    parameters:
                      max_depth: {distribution: int_uniform, min: 1, max: 12}
                      min_child_weight: {distribution: uniform, min: 0.5, max: 20}
                      fraction_features: {distribution: uniform, min: 0.3, max: 1.0}
                    run_cap: %d
                    parallel: 2
                    seed: %d
                    """.formatted(round, RUN_CAP, round));
            long started = System.currentTimeMillis();
            Process p = runner("sweep", "start", file.toString(), "--workspace", ws.toString());
            String sweepId = null;
            while (true) {
                // kill at a random moment while this process's trials train (not during its JVM's start-up,
                // whose length depends on the machine's load): that is when a crash can lose or duplicate work
                boolean exited = awaitTrialOrExit(p, ws, started)
                        || p.waitFor(random.nextInt(500), TimeUnit.MILLISECONDS);
                if (!exited) {
                    p.destroyForcibly(); // SIGKILL: no hook, no cleanup
                    p.waitFor(30, TimeUnit.SECONDS);
                    kills++;
                }
                if (sweepId == null) {
                    sweepId = newestSweep(ws);
                    if (sweepId == null) { // killed before it was created: start again
                        started = System.currentTimeMillis();
                        p = runner("sweep", "start", file.toString(), "--workspace", ws.toString());
                        continue;
                    }
                }
                Sweep.Status status = sweepStatus(ws, sweepId);
                if (status == Sweep.Status.FINISHED) {
                    break;
                }
                if (kills >= KILLS) { // enough kills: let this one finish
                    Process last = runner("sweep", "resume", sweepId, "--workspace", ws.toString());
                    assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the final resume should finish");
                    assertEquals(0, last.exitValue(), "the final resume failed");
                    break;
                }
                started = System.currentTimeMillis();
                p = runner("sweep", "resume", sweepId, "--workspace", ws.toString());
            }
            if (sweepId != null && !sweepIds.contains(sweepId)) {
                sweepIds.add(sweepId);
            }
        }
        assertTrue(kills >= KILLS, "killed " + kills + " times");
        try (Workspace w = Workspace.open(ws, Workspace.Mode.EXISTING)) {
            assertEquals("ok", w.integrityCheck());
            long lost = w.runs().list(RunQuery.all()).stream().filter(r -> r.status() == RunStatus.KILLED).count();
            assertTrue(lost >= 3, "kills should land while trials run (runs lost: " + lost + ")");
            for (String id : sweepIds) {
                assertEquals(Sweep.Status.FINISHED, w.sweeps().get(id).orElseThrow().status());
                Map<Integer, List<Run>> byTrial = new HashMap<>();
                for (Run r : w.runs().list(RunQuery.inSweep(id))) {
                    byTrial.computeIfAbsent(r.trialIndex(), i -> new ArrayList<>()).add(r);
                }
                assertEquals(RUN_CAP, byTrial.size(), "trial indexes of sweep " + id + ": " + byTrial.keySet());
                Set<String> configs = new HashSet<>();
                for (var e : byTrial.entrySet()) {
                    List<Run> done = e.getValue().stream().filter(r -> r.status() == RunStatus.FINISHED).toList();
                    assertEquals(1, done.size(), "trial " + e.getKey() + " of " + id + " has runs " + e.getValue());
                    assertTrue(e.getValue().stream().allMatch(r -> r.status() == RunStatus.FINISHED
                            || r.status() == RunStatus.KILLED), "no trial is left running or queued: " + e.getValue());
                    configs.add(String.valueOf(w.runs().detail(done.get(0).id()).orElseThrow().params().entrySet().stream()
                            .filter(p -> List.of("max_depth", "min_child_weight", "fraction_features").contains(p.getKey()))
                            .toList()));
                }
                assertEquals(RUN_CAP, configs.size(), "no config ran twice in sweep " + id);
            }
        }
    }

    /** Waits (up to a minute) until p has a trial running, a run it started after since; true when p exited first. */
    private static boolean awaitTrialOrExit(Process p, Path ws, long since) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return true;
            }
            if (runningSince(ws, since)) {
                return false;
            }
            Thread.sleep(40);
        }
        return !p.isAlive();
    }

    /** Whether a run started at or after since is RUNNING; read-only, so the polling never takes a write lock. */
    private static boolean runningSince(Path ws, long since) {
        Path db = ws.resolve(Workspace.DB_FILE);
        if (!Files.exists(db)) {
            return false;
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (java.sql.Connection c = config.createConnection("jdbc:sqlite:" + db);
             java.sql.PreparedStatement q = c.prepareStatement(
                     "SELECT count(*) FROM run WHERE status = 'RUNNING' AND started_at >= ?")) {
            q.setLong(1, since);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            return false; // not created yet, or busy for a moment: look again
        }
    }

    private static String newestSweep(Path ws) {
        if (!Files.exists(ws.resolve(Workspace.DB_FILE))) {
            return null;
        }
        try (Workspace w = Workspace.open(ws)) {
            return w.sweeps().list().stream().findFirst().map(Sweep::id).orElse(null);
        }
    }

    private static Sweep.Status sweepStatus(Path ws, String id) {
        try (Workspace w = Workspace.open(ws)) {
            return w.sweeps().get(id).orElseThrow().status();
        }
    }

    private static Process runner(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        // stderr to a file: an undrained pipe could block the child
        Path err = Files.createTempFile("sweep-crash-", ".err");
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
    }
}
