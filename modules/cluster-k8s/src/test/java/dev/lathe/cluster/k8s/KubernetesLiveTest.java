package dev.lathe.cluster.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepCoordinator;
import dev.lathe.sweeps.SweepListener;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real Kubernetes cluster: runs only when KUBECONFIG points at one and LATHE_RUNNER_IMAGE names a
 * runner image its nodes can pull (LATHE_K8S_NAMESPACE picks the namespace, default "default"). Kubernetes
 * cannot run on the machines CI uses, so there it is skipped.
 */
@Tag("slow")
class KubernetesLiveTest {
    @TempDir
    Path dir;

    @Test
    void aCommandSweepRunsAsJobsOnTheCluster() throws Exception {
        String kubeconfig = System.getenv("KUBECONFIG");
        String image = System.getenv("LATHE_RUNNER_IMAGE");
        assumeTrue(kubeconfig != null && !kubeconfig.isBlank(), "KUBECONFIG is not set: no cluster to run on");
        assumeTrue(image != null && !image.isBlank(), "LATHE_RUNNER_IMAGE is not set: no runner image for the Jobs");
        String ns = System.getenv().getOrDefault("LATHE_K8S_NAMESPACE", "default");
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, """
                name: k8s-live
                trainer: command
                command: [sh, -c, "for i in 1 2 3; do echo step=$i score=${x}; sleep 1; done"]
                method: grid
                metric: {name: score, goal: maximize}
                parameters:
                  x: {values: [0.25, 0.75]}
                executor: {type: kubernetes, image: "%s", namespace: "%s", cpus: 1, mem: 512Mi}
                """.formatted(image, ns));
        try (KubernetesClient client = new KubernetesClientBuilder().build();
             Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            SweepSpec spec = Sweeps.parse(file);
            Sweeps.Plan plan = Sweeps.plan(spec);
            Sweep sweep = ws.sweeps().create(ws.experiments().getOrCreate("k8s").id(), spec.name(),
                    Files.readString(file), file.toString());
            KubernetesExecutor executor = new KubernetesExecutor(ws, tracker, spec, sweep, plan.task().tags(), client, 1000);
            executor.preflight();
            SweepStatus s = new SweepCoordinator(ws, sweep, spec, executor, plan.sampler(), plan.scheduler(),
                    Sweeps::format, 2, SweepListener.NONE).run();
            assertEquals(2, s.count(RunStatus.FINISHED), s.trials().toString());
            assertEquals(0.75, s.best().orElseThrow().objective(), 1e-9);
            for (SweepStatus.Trial t : s.trials()) {
                assertEquals(3, ws.metrics().history(t.runId(), "score").size());
            }
            assertTrue(client.batch().v1().jobs().inNamespace(ns).withLabel(KubernetesExecutor.LABEL_SWEEP, sweep.id())
                    .list().getItems().isEmpty(), "the sweep's Jobs were deleted");
        }
    }
}
