package dev.lathe.sweeps.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.MetricPoint;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepListener;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps whose trials run as jobs of a real one-node Slurm cluster on 127.0.0.1: results land in the local
 * workspace, scancel shows as KILLED, ASHA pruning cancels jobs, and a coordinator killed mid-sweep is resumed
 * without submitting any trial twice.
 */
@Tag("slow")
class SlurmExecutorTest {
    @TempDir
    static Path dir;
    static SlurmCluster cluster;
    static Path conf;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SlurmCluster.start(Files.createDirectories(dir.resolve("slurm")));
        conf = cluster.dir().resolve("slurm.conf");
        try (var in = SlurmExecutorTest.class.getResourceAsStream("/datasets/iris.csv")) {
            Files.copy(in, dir.resolve("iris.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
        // a trial program: prints step=i score=X every 0.2 s for N steps (args: score steps)
        Files.writeString(dir.resolve("steps.sh"), """
                #!/bin/bash
                for i in $(seq 1 "$2"); do echo "step=$i score=$1"; sleep 0.2; done
                """);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Path sweepFile(String name, String body) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\n" + body);
        return f;
    }

    private static Map<String, String> tags(Workspace ws, String runId) {
        return ws.runs().detail(runId).map(RunDetail::tags).orElseThrow();
    }

    /** Finished jobs the cluster recorded (jobcomp/filetxt: one line per job that ended). */
    private static List<String> endedJobs() throws Exception {
        Path f = cluster.jobComp();
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void irisSweepOnSlurmEndsWithEveryTrialsMetricsAndModelInTheWorkspace() throws Exception {
        Path file = sweepFile("iris-slurm", """
                data: iris.csv
                label: species
                trainer: tribuo-logistic
                method: random
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  learning_rate: {distribution: log_uniform_values, min: 0.01, max: 1.0}
                  epochs: {values: [5, 20]}
                run_cap: 3
                seed: 3
                executor: {type: slurm, cpus: 1, mem: 500M, time: "00:05:00"}
                """);
        try (Workspace ws = Workspace.open(dir.resolve("ws-iris"))) {
            Sweep sweep = CoordinatorMain.create(ws, file);
            Map<String, String> states = new ConcurrentHashMap<>();
            var result = CoordinatorMain.run(ws, sweep, conf, dir.resolve("work").toString(), new SweepListener() {
                @Override
                public void trialState(int trial, String runId, String executor, String jobId, String state) {
                    states.merge(runId, state, (a, b) -> a + "," + b);
                }
            });
            SweepStatus s = result.getKey();
            assertEquals(Sweep.Status.FINISHED, s.sweep().status(), s.trials().toString());
            assertEquals(3, s.count(RunStatus.FINISHED), s.trials().toString());
            Set<String> jobIds = new HashSet<>();
            for (SweepStatus.Trial t : s.trials()) {
                Map<String, String> tags = tags(ws, t.runId());
                assertEquals("slurm", tags.get("lathe.executor"));
                assertEquals("COMPLETED", tags.get("lathe.executor.state"));
                String job = tags.get("lathe.slurm.job_id");
                assertTrue(job != null && job.matches("\\d+"), tags.toString());
                jobIds.add(job);
                assertTrue(states.get(t.runId()).endsWith("COMPLETED"), states.toString());
                List<MetricPoint> acc = ws.metrics().history(t.runId(), "val_accuracy");
                assertFalse(acc.isEmpty(), "val_accuracy of trial " + t.index() + " reached the workspace");
                assertTrue(acc.getLast().value() > 0.3, acc.toString());
                RunDetail d = ws.runs().detail(t.runId()).orElseThrow();
                assertEquals(t.params().get("learning_rate"), d.params().get("learning_rate"));
                assertTrue(d.artifacts().stream().anyMatch(a -> a.path().startsWith("model/")),
                        "the trial's model was imported: " + d.artifacts());
            }
            assertEquals(3, jobIds.size());
            assertEquals(jobIds, Set.copyOf(result.getValue().submitted()));
        }
    }

    @Test
    void aTrialCancelledWithScancelIsKilled() throws Exception {
        Path file = sweepFile("cancel", """
                trainer: command
                command: [bash, steps.sh, "${x}", "200"]
                method: grid
                metric: {name: score, goal: maximize}
                parameters:
                  x: {values: [0.5]}
                executor: {type: slurm}
                """);
        try (Workspace ws = Workspace.open(dir.resolve("ws-cancel"))) {
            Sweep sweep = CoordinatorMain.create(ws, file);
            var result = CoordinatorMain.run(ws, sweep, conf, dir.resolve("work").toString(), new SweepListener() {
                @Override
                public void metric(int trial, String runId, String key, long step, double value) {
                    if (step == 3) {
                        String job = tags(ws, runId).get("lathe.slurm.job_id");
                        assertTrue(cluster.run("scancel", job).ok());
                    }
                }
            });
            SweepStatus.Trial t = result.getKey().trials().getFirst();
            assertEquals(RunStatus.KILLED, t.status(), t.toString());
            assertTrue(t.reason().contains("cancelled"), t.reason());
            assertEquals("CANCELLED", tags(ws, t.runId()).get("lathe.executor.state"));
            assertTrue(t.step() >= 3 && t.step() < 200, "stopped part way: " + t.step());
        }
    }

    @Test
    void ashaPruningCancelsTheJobsOfPrunedTrials() throws Exception {
        Path file = sweepFile("asha", """
                trainer: command
                command: [bash, steps.sh, "${x}", "12"]
                method: grid
                metric: {name: score, goal: maximize}
                parameters:
                  x: {values: [0.9, 0.8, 0.3, 0.2]}
                early_terminate: {type: hyperband, min_iter: 1, eta: 2}
                parallel: 2
                executor: {type: slurm}
                """);
        try (Workspace ws = Workspace.open(dir.resolve("ws-asha"))) {
            Sweep sweep = CoordinatorMain.create(ws, file);
            SweepStatus s = CoordinatorMain.run(ws, sweep, conf, dir.resolve("work").toString(), SweepListener.NONE).getKey();
            List<SweepStatus.Trial> pruned = s.trials().stream().filter(t -> t.status() == RunStatus.PRUNED).toList();
            assertFalse(pruned.isEmpty(), "the worse trials are pruned: " + s.trials());
            for (SweepStatus.Trial t : pruned) {
                Map<String, String> tags = tags(ws, t.runId());
                assertEquals("CANCELLED", tags.get("lathe.executor.state"), t + " " + tags);
                assertTrue(t.step() < 12, "pruned before its last step: " + t);
                String job = tags.get("lathe.slurm.job_id");
                assertTrue(endedJobs().stream().anyMatch(l -> l.contains("JobId=" + job + " ")
                        && l.contains("JobState=CANCELLED")), "slurm recorded job " + job + " as cancelled");
            }
            SweepStatus.Trial best = s.trials().stream().filter(t -> t.params().get("x").equals("0.9")).findFirst().orElseThrow();
            assertEquals(RunStatus.FINISHED, best.status(), "the best trial runs to its end: " + s.trials());
            assertEquals(12, best.step());
            assertTrue(cluster.queued().isEmpty(), "no job is left in the queue");
        }
    }

    @Test
    void aCoordinatorKilledMidSweepIsResumedWithoutSubmittingTrialsTwice() throws Exception {
        Path file = sweepFile("crash", """
                trainer: command
                command: [bash, steps.sh, "${x}", "25"]
                method: grid
                metric: {name: score, goal: maximize}
                parameters:
                  x: {values: [0.1, 0.2, 0.3]}
                parallel: 2
                executor: {type: slurm}
                """);
        Path wsDir = dir.resolve("ws-crash");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CoordinatorMain.class.getName(), wsDir.toString(), file.toString(), conf.toString(),
                dir.resolve("work").toString()).redirectErrorStream(true).start();
        String sweepId = null;
        Set<String> running = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("sweep ")) {
                    sweepId = line.substring(6).strip();
                } else if (line.startsWith("trial ") && line.endsWith(" RUNNING")) {
                    running.add(line.split(" ")[3]);
                    if (running.size() == 2) {
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, jobs left running
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(2, running.size(), "two trials were running when the coordinator died");
        assertEquals(2, cluster.queued().size(), "their jobs outlive the coordinator");
        try (Workspace ws = Workspace.open(wsDir)) {
            Sweep sweep = ws.sweeps().get(sweepId).orElseThrow();
            var result = CoordinatorMain.run(ws, sweep, conf, dir.resolve("work").toString(), SweepListener.NONE);
            SweepStatus s = result.getKey();
            assertEquals(3, s.count(RunStatus.FINISHED), s.trials().toString());
            assertEquals(1, result.getValue().submitted().size(), "only the third trial is submitted on resume");
            Set<String> jobs = new HashSet<>();
            for (SweepStatus.Trial t : s.trials()) {
                jobs.add(tags(ws, t.runId()).get("lathe.slurm.job_id"));
                assertEquals(25, t.step(), "every step of trial " + t.index() + " is in the workspace");
                assertEquals(25, ws.metrics().history(t.runId(), "score").size());
            }
            assertTrue(jobs.containsAll(running), "the resumed trials follow the jobs that were running: " + jobs);
            assertEquals(3, jobs.size());
            long ended = endedJobs().stream().filter(l -> jobs.stream().anyMatch(j -> l.contains("JobId=" + j + " "))).count();
            assertEquals(3, ended, "three jobs in all ran for this sweep");
            assertEquals(5, ws.runs().list(RunQuery.inSweep(sweepId)).size(),
                    "the two runs of the dead coordinator are kept beside the runs that followed their jobs");
        }
    }
}
