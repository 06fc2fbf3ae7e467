package dev.lathe.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void fourThreadsLogIntoOneWorkspaceWithoutLosingAPoint() throws Exception {
        int perThread = 25_000;
        try (Workspace ws = Workspace.open(dir); Tracker tracker = new Tracker(ws)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (TrackedRun run = tracker.startRun(RunOptions.in("threads").optName("t" + thread).optCaptureGit(false))) {
                        run.logParam("thread", String.valueOf(thread));
                        for (int i = 0; i < perThread; i++) {
                            run.log(i % 2 == 0 ? "a" : "b", i, thread + i * 1e-6);
                        }
                        return run.id();
                    }
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get(120, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertEquals(4L * perThread, ws.metrics().countPoints());
            for (String id : ids) {
                Run run = ws.runs().get(id).orElseThrow();
                assertEquals(RunStatus.FINISHED, run.status());
                assertEquals(perThread / 2, ws.metrics().history(id, "a").size());
            }
        }
    }

    @Test
    void twoProcessesWriteTheSameWorkspaceAtOnce() throws Exception {
        Process a = child("procs", 20_000, 0);
        Process b = child("procs", 20_000, 0);
        String outA = new String(a.getInputStream().readAllBytes());
        String outB = new String(b.getInputStream().readAllBytes());
        assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
        String errA = new String(a.getErrorStream().readAllBytes());
        String errB = new String(b.getErrorStream().readAllBytes());
        assertEquals(0, a.exitValue(), outA + errA);
        assertEquals(0, b.exitValue(), outB + errB);
        assertTrue(!errA.contains("locked") && !errB.contains("locked"), errA + errB);
        try (Workspace ws = Workspace.open(dir)) {
            assertEquals(40_000, ws.metrics().countPoints());
            assertEquals(2, ws.runs().list(new RunQuery(null, RunStatus.FINISHED, 0)).size());
            assertEquals("ok", ws.integrityCheck());
        }
    }

    @Test
    void sigkillMidRunKeepsEveryFlushedPointAndMarksTheRunLost() throws Exception {
        Process p = child("killed", 1_000_000, 20);
        long flushed = 0;
        String runId = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("run ")) {
                    runId = line.substring(4);
                } else if (line.startsWith("flushed ")) {
                    flushed = Long.parseLong(line.substring(8));
                    if (flushed >= 5_000) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                        break;
                    }
                }
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(flushed >= 5_000, "the child flushed " + flushed);
        try (Workspace ws = Workspace.open(dir)) {
            Run run = ws.runs().get(runId).orElseThrow();
            assertEquals(RunStatus.KILLED, run.status());
            assertTrue(run.statusReason().startsWith("lost"), run.statusReason());
            long kept = ws.metrics().history(runId, "loss").size();
            assertTrue(kept >= flushed, "kept " + kept + " of " + flushed + " flushed points");
            assertEquals("ok", ws.integrityCheck());
        }
    }

    private Process child(String experiment, long points, long pauseMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TrackingChild.class.getName(), dir.toString(), experiment, String.valueOf(points),
                String.valueOf(pauseMillis)).start();
    }
}
