package dev.lathe.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lathe.core.Run;
import dev.lathe.sweeps.cluster.ClusterExecutor;
import dev.lathe.workspace.NewRun;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sweep status --format json` names each cluster trial's job, as recorded on its run, for the app's past sweeps. */
class SweepStatusJobsTest {
    @Test
    void clusterTrialsCarryTheirJobAndLocalOnesDoNot(@TempDir Path dir) {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            String exp = ws.experiments().getOrCreate("iris").id();
            Run onSlurm = ws.runs().create(NewRun.running(exp, "trial-0"));
            ws.runs().setTags(onSlurm.id(), Map.of(ClusterExecutor.TAG_EXECUTOR, "slurm",
                    ClusterExecutor.TAG_JOB_ID, "42", ClusterExecutor.TAG_STATE, "COMPLETED"));
            Run local = ws.runs().create(NewRun.running(exp, "trial-1"));
            Map<String, Object> slurmTrial = new LinkedHashMap<>(Map.of("trial", 0, "run_id", onSlurm.id()));
            Map<String, Object> localTrial = new LinkedHashMap<>(Map.of("trial", 1, "run_id", local.id()));
            Map<String, Object> status = new LinkedHashMap<>(Map.of("trials", List.of(slurmTrial, localTrial)));

            SweepCommand.addClusterJobs(ws, status);

            assertEquals("slurm", slurmTrial.get("executor"));
            assertEquals("42", slurmTrial.get("job_id"));
            assertEquals("COMPLETED", slurmTrial.get("executor_state"));
            assertFalse(localTrial.containsKey("job_id"));
        }
    }
}
