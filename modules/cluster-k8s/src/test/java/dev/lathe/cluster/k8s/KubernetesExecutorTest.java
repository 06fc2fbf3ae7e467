package dev.lathe.cluster.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.core.MetricPoint;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepCoordinator;
import dev.lathe.sweeps.SweepListener;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.sweeps.cluster.TrialRunner;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes executor against fabric8's mock API server. The "cluster" side is played by the test: for each
 * Job it runs the Job's container command the way the runner image would (`lathe trial run` with the Job's
 * environment, here as a local process), then serves that output as the pod's log and marks the Job succeeded.
 */
class KubernetesExecutorTest {
    private static final String NS = "ml";
    @TempDir
    Path dir;
    KubernetesMockServer server;
    KubernetesClient client;
    Path file;

    @BeforeEach
    void start() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(java.net.InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        try (var in = KubernetesExecutorTest.class.getResourceAsStream("/datasets/iris.csv")) {
            Files.copy(in, dir.resolve("iris.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
        file = dir.resolve("k8s.yaml");
        Files.writeString(file, """
                name: iris-k8s
                data: iris.csv
                label: species
                trainer: tribuo-cart
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  max_depth: {values: [2, 5]}
                executor:
                  type: kubernetes
                  image: 127.0.0.1:5000/lathe-runner:0.1.0
                  namespace: ml
                  runner: [/opt/lathe/bin/lathe]
                  cpus: 2
                  mem: 1Gi
                  gpus: 1
                """);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    /** Runs the Job's container as the runner image would and returns its stdout, the pod's log. */
    private String runContainer(Job job, Path podDir) throws Exception {
        Container c = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TrialRunner.class.getName(), podDir.toString());
        for (EnvVar e : c.getEnv()) {
            pb.environment().put(e.getName(), e.getValue());
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /** Plays the cluster: runs each new Job's container, serves its log, marks the Job succeeded. */
    private Thread cluster(Map<String, Job> seen) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (Job job : client.batch().v1().jobs().inNamespace(NS).list().getItems()) {
                        String name = job.getMetadata().getName();
                        if (seen.putIfAbsent(name, job) != null) {
                            continue;
                        }
                        String log = runContainer(job, dir.resolve("pods").resolve(name));
                        String pod = name + "-x7k2p";
                        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                                .addToLabels("job-name", name).endMetadata().withNewStatus().withPhase("Running")
                                .endStatus().build()).create();
                        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false")
                                .andReturn(200, log).always();
                        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
                        client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void eachTrialIsAJobWhoseLogBecomesMetricsAndWhichIsDeletedAfterwards() throws Exception {
        Map<String, Job> seen = new ConcurrentHashMap<>();
        Thread cluster = cluster(seen);
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            SweepSpec spec = Sweeps.parse(file);
            Sweeps.Plan plan = Sweeps.plan(spec);
            Sweep sweep = ws.sweeps().create(ws.experiments().getOrCreate("iris").id(), spec.name(),
                    Files.readString(file), file.toString());
            KubernetesExecutor executor = new KubernetesExecutor(ws, tracker, spec, sweep, plan.task().tags(), client, 200);
            executor.preflight();
            Set<String> states = ConcurrentHashMap.newKeySet();
            SweepStatus s = new SweepCoordinator(ws, sweep, spec, executor, plan.sampler(), plan.scheduler(),
                    Sweeps::format, 2, new SweepListener() {
                        @Override
                        public void trialState(int trial, String runId, String ex, String jobId, String state) {
                            states.add(ex + " " + state);
                        }
                    }).run();
            assertEquals(2, s.count(RunStatus.FINISHED), s.trials().toString());
            assertEquals(2, seen.size(), "one Job per trial");
            for (Job job : seen.values()) {
                var pod = job.getSpec().getTemplate().getSpec();
                Container c = pod.getContainers().getFirst();
                assertEquals("127.0.0.1:5000/lathe-runner:0.1.0", c.getImage());
                assertEquals(List.of("/opt/lathe/bin/lathe"), c.getCommand());
                assertEquals(List.of("trial", "run", "--dir", KubernetesExecutor.POD_TRIAL_DIR), c.getArgs());
                assertEquals(new Quantity("2"), c.getResources().getRequests().get("cpu"));
                assertEquals(new Quantity("1Gi"), c.getResources().getRequests().get("memory"));
                assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
                assertEquals("Never", pod.getRestartPolicy());
                assertEquals(0, job.getSpec().getBackoffLimit());
                assertEquals(NS, job.getMetadata().getNamespace());
                assertEquals(sweep.id(), job.getMetadata().getLabels().get("lathe.dev/sweep"));
            }
            assertTrue(states.contains("kubernetes SUCCEEDED"), states.toString());
            for (SweepStatus.Trial t : s.trials()) {
                RunDetail d = ws.runs().detail(t.runId()).orElseThrow();
                assertTrue(seen.containsKey(d.tags().get("lathe.k8s.job")), d.tags().toString());
                assertEquals("SUCCEEDED", d.tags().get("lathe.executor.state"));
                List<MetricPoint> acc = ws.metrics().history(t.runId(), "val_accuracy");
                assertFalse(acc.isEmpty(), "the pod's log lines became metrics");
                assertTrue(acc.getLast().value() > 0.5);
                assertEquals(t.params().get("max_depth"), d.params().get("max_depth"));
                assertTrue(d.artifacts().stream().anyMatch(a -> a.path().equals("model/model.tribuo")),
                        "the model came back through the log: " + d.artifacts());
            }
            assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "every Job was deleted");
        } finally {
            cluster.interrupt();
        }
    }

    @Test
    void aJobDeletedFromOutsideEndsItsTrialAsKilled() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws")); Tracker tracker = new Tracker(ws)) {
            SweepSpec spec = Sweeps.parse(file);
            Sweeps.Plan plan = Sweeps.plan(spec);
            Sweep sweep = ws.sweeps().create(ws.experiments().getOrCreate("iris").id(), spec.name(),
                    Files.readString(file), file.toString());
            KubernetesExecutor executor = new KubernetesExecutor(ws, tracker, spec, sweep, plan.task().tags(), client, 200);
            Thread deleter = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        var jobs = client.batch().v1().jobs().inNamespace(NS).list().getItems();
                        if (!jobs.isEmpty()) {
                            Thread.sleep(500);
                            jobs.forEach(j -> client.batch().v1().jobs().inNamespace(NS).resource(j).delete());
                            return;
                        }
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            SweepStatus s = new SweepCoordinator(ws, sweep, spec, executor, plan.sampler(), plan.scheduler(),
                    Sweeps::format, 2, SweepListener.NONE).run();
            deleter.join(5000);
            assertTrue(s.trials().stream().allMatch(t -> t.status() == RunStatus.KILLED), s.trials().toString());
            assertTrue(s.trials().getFirst().reason().contains("was deleted"), s.trials().getFirst().reason());
        }
    }
}
