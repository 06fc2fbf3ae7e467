package dev.lathe.sweeps.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepSpecParser;
import dev.lathe.sweeps.TrialLaunch;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines the Slurm executor runs, and how it reads Slurm's answers: checked without a cluster (the
 * real cluster runs them in SlurmExecutorTest), including the ssh transport, which needs an sshd to run for real.
 */
class SlurmCommandLineTest {
    @TempDir
    Path dir;

    private SlurmExecutor executor(Workspace ws, Tracker tracker, String block, CommandRunner shell) throws Exception {
        Files.writeString(dir.resolve("steps.sh"), "echo step=1 score=1\n");
        String yaml = """
                name: my sweep
                trainer: command
                command: [bash, steps.sh]
                method: random
                metric: {name: score}
                parameters:
                  x: {min: 0.0, max: 1.0}
                run_cap: 2
                """ + block;
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        SweepSpec spec = SweepSpecParser.parseText(yaml, file);
        Sweep sweep = ws.sweeps().create(ws.experiments().getOrCreate("e").id(), "my sweep", yaml, file.toString());
        return new SlurmExecutor(ws, tracker, spec, sweep, Map.of(), shell, "/shared/lathe/", List.of("/opt/jdk/bin/java",
                "-cp", "/opt/lathe/lib/*", "dev.lathe.runner.Main", "trial", "run", "--dir"), 1000);
    }

    private static TrialLaunch launch() {
        Run run = new Run("0123456789abcdef", "e", "t", RunStatus.QUEUED, null, null, null, null, "s", 3, "command", 3L);
        return new TrialLaunch(3, run, Map.of("x", "0.5"), 3);
    }

    @Test
    void sbatchGetsTheBlocksResourcesAndTheTrialFolder() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            SlurmExecutor ex = executor(ws, tracker, """
                    executor: {type: slurm, partition: gpu, gpus: 2, cpus: 4, mem: 16Gi, time: "01:30:00",
                               extra: ["--account=ml", "--qos=short"]}
                    """, CommandRunner.local(Map.of()));
            String trialDir = ex.trialDir(launch());
            assertTrue(trialDir.startsWith("/shared/lathe/"), trialDir);
            assertTrue(trialDir.endsWith("/trial-3-01234567"), trialDir);
            assertEquals(List.of("sbatch", "--parsable", "--job-name=lathe-my_sweep-3",
                    "--output=" + trialDir + "/events.jsonl", "--error=" + trialDir + "/stderr.log",
                    "--chdir=" + trialDir, "--ntasks=1", "--partition=gpu", "--cpus-per-task=4", "--gpus=2", "--mem=16G",
                    "--time=01:30:00", "--account=ml", "--qos=short", trialDir + "/job.sh"), ex.sbatch(launch(), trialDir));
            String script = ex.script(launch(), "/shared/it's here");
            assertTrue(script.startsWith("#!/bin/sh\n"), script);
            assertTrue(script.contains("\nexec /opt/jdk/bin/java -cp '/opt/lathe/lib/*' dev.lathe.runner.Main trial run --dir "
                    + "'/shared/it'\\''s here'\n"), script);
        }
    }

    @Test
    void slurmStatesBecomeRunStatesWithReasons() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            SlurmExecutor ex = executor(ws, tracker, "executor: {type: slurm, time: \"10\", mem: 1G}\n",
                    CommandRunner.local(Map.of()));
            ClusterExecutor.TrialJob job = new ClusterExecutor.TrialJob("42", "/shared/t");
            for (String live : List.of("PENDING", "RUNNING", "REQUEUED", "COMPLETING", "SUSPENDED")) {
                assertFalse(ex.state(live, "", null, job).ended(), live);
            }
            assertTrue(ex.state("COMPLETED", "", "0:0", job).ended());
            var cancelled = ex.state("CANCELLED", "", "0:15", job);
            assertEquals(RunStatus.KILLED, ex.endStatus(cancelled));
            assertTrue(cancelled.reason().contains("slurm job 42 was cancelled"), cancelled.reason());
            var timeout = ex.state("TIMEOUT", "TimeLimit", "0:0", job);
            assertEquals(RunStatus.FAILED, ex.endStatus(timeout));
            assertEquals("slurm job 42 reached its time limit (executor.time 10)", timeout.reason());
            assertEquals("slurm job 42 failed with exit code 3 (NonZeroExitCode); see /shared/t/stderr.log",
                    ex.state("FAILED", "NonZeroExitCode", "3:0", job).reason());
            assertTrue(ex.state("NODE_FAIL", "", null, job).reason().contains("its node failed"));
            assertTrue(ex.state("PREEMPTED", "", null, job).reason().contains("preempted"));
            assertTrue(ex.state("OUT_OF_MEMORY", "", null, job).reason().contains("ran out of memory (executor.mem 1G)"));
            assertEquals(RunStatus.FAILED, ex.endStatus(ex.state("PREEMPTED", "", null, job)));
        }
    }

    @Test
    void readsScontrolOneLiners() {
        Map<String, String> f = SlurmExecutor.fields("JobId=7 JobName=lathe-x-0 UserId=root(0) JobState=FAILED "
                + "Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 ExitCode=3:0 RunTime=00:00:01");
        assertEquals("7", f.get("JobId"));
        assertEquals("FAILED", f.get("JobState"));
        assertEquals("NonZeroExitCode", f.get("Reason"));
        assertEquals("3:0", f.get("ExitCode"));
    }

    @Test
    void sshRunsTheSameCommandsQuotedForTheRemoteShell() {
        CommandRunner.Ssh ssh = (CommandRunner.Ssh) CommandRunner.ssh("me@login", List.of("-p", "2222"));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-p", "2222", "me@login", "--",
                "squeue -h -j 42 -o '%i|%T|%r'"), ssh.command(List.of("squeue", "-h", "-j", "42", "-o", "%i|%T|%r")));
        assertEquals("sbatch --parsable '--job-name=a b' /x/job.sh",
                ssh.command(List.of("sbatch", "--parsable", "--job-name=a b", "/x/job.sh")).getLast());
        assertEquals("ssh me@login", ssh.where());
    }

    @Test
    void localFilesAreReadFromAnOffset() throws Exception {
        CommandRunner local = CommandRunner.local(Map.of());
        String path = dir.resolve("a/b/events.jsonl").toString();
        assertEquals(0, local.readFrom(path, 0).length, "a missing file has nothing yet");
        local.write(path, "{\"event\":\"metric\"}\n{\"ev");
        byte[] first = local.readFrom(path, 0);
        ClusterExecutor.LineSplitter lines = new ClusterExecutor.LineSplitter();
        assertEquals(List.of("{\"event\":\"metric\"}"), lines.add(first));
        Files.writeString(Path.of(path), "ent\":\"x\"}\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("{\"event\":\"x\"}"), lines.add(local.readFrom(path, first.length)));
    }
}
