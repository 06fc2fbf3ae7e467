package dev.lathe.cluster.k8s;

import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.TrialLaunch;
import dev.lathe.sweeps.cluster.ClusterExecutor;
import dev.lathe.sweeps.cluster.TrialRunner;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trials as Kubernetes Jobs: one Job per trial from the runner image (the executor block's {@code image}, started
 * with its {@code runner} command, `lathe` by default), with the block's CPUs, memory and GPUs as the container's requests and
 * limits. The trial file goes in through the environment ({@value TrialRunner#TRIAL_ENV}), the pod's log is the
 * trial's event stream (read through the API), the model comes back as artifact events, and the Job is deleted
 * (with its pod) when the trial's run has ended. Pruning and `sweep stop` delete the Job, which sends the pod
 * SIGTERM.
 */
public final class KubernetesExecutor extends ClusterExecutor {
    /** Run tag with the Job's name. */
    public static final String TAG_JOB = "lathe.k8s.job";
    static final String LABEL_SWEEP = "lathe.dev/sweep";
    static final String LABEL_TRIAL = "lathe.dev/trial";
    static final String LABEL_RUN = "lathe.dev/run";
    /** Where the trial folder is inside the pod (an emptyDir of the container's own filesystem). */
    static final String POD_TRIAL_DIR = "/tmp/lathe-trial";

    private final KubernetesClient client;
    private final String namespace;
    private final SweepSpec.Executor block;

    public KubernetesExecutor(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Map<String, String> tags,
                              KubernetesClient client, long pollMillis) {
        super(ws, tracker, spec, sweep, tags, pollMillis);
        this.client = client;
        this.block = spec.executor();
        this.namespace = block.namespace() != null ? block.namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    protected String jobIdTag() {
        return TAG_JOB;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public void preflight() {
        check(client, namespace);
    }

    /** Throws IllegalArgumentException when Jobs cannot be listed in the namespace. */
    static void check(KubernetesClient client, String namespace) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withLabel(LABEL_SWEEP, "none").list();
        } catch (KubernetesClientException e) {
            throw new IllegalArgumentException("executor kubernetes: cannot list Jobs in namespace " + namespace + " at "
                    + client.getMasterUrl() + " (" + e.getMessage() + "); check KUBECONFIG and the RBAC rules in "
                    + "docs/cluster.md");
        }
    }

    /** A DNS-1123 name for the trial's Job: lathe-SWEEP-INDEX-RUN. */
    String jobName(TrialLaunch l) {
        String name = "lathe-" + sweep.id().substring(0, Math.min(8, sweep.id().length())) + "-" + l.index() + "-"
                + l.run().id().substring(0, Math.min(8, l.run().id().length()));
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    /** The Job for a trial (what {@link #submit} creates). */
    Job job(TrialLaunch l, String trialFile) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_SWEEP, sweep.id());
        labels.put(LABEL_TRIAL, String.valueOf(l.index()));
        labels.put(LABEL_RUN, l.run().id());
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar(TrialRunner.TRIAL_ENV, trialFile, null),
                new EnvVar(TrialRunner.MODEL_IN_EVENTS_ENV, "1", null)));
        return new JobBuilder()
                .withNewMetadata().withName(jobName(l)).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0) // a failed trial is reported, not retried behind the sweep's back
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("trial")
                .withImage(block.image())
                .withCommand(block.runner())
                .withArgs("trial", "run", "--dir", POD_TRIAL_DIR)
                .withEnv(env)
                .withResources(resources())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Requests and limits from the block: cpu and memory requested and limited alike, GPUs as nvidia.com/gpu. */
    ResourceRequirements resources() {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        if (block.cpus() != null) {
            amounts.put("cpu", new Quantity(String.valueOf(block.cpus())));
        }
        if (block.mem() != null) {
            amounts.put("memory", new Quantity(block.mem().replaceAll("[Bb]$", "")));
        }
        Map<String, Quantity> limits = new LinkedHashMap<>(amounts);
        if (block.gpus() > 0) {
            limits.put("nvidia.com/gpu", new Quantity(String.valueOf(block.gpus())));
        }
        return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(limits).build();
    }

    @Override
    protected TrialJob submit(TrialLaunch l, String trialFile) throws IOException {
        try {
            Job created = client.batch().v1().jobs().inNamespace(namespace).resource(job(l, trialFile)).create();
            return new TrialJob(created.getMetadata().getName(), null);
        } catch (KubernetesClientException e) {
            throw new IOException("Kubernetes refused the Job in namespace " + namespace + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected JobState poll(TrialJob job) throws IOException {
        Job j;
        try {
            j = client.batch().v1().jobs().inNamespace(namespace).withName(job.id()).get();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read Job " + job.id() + ": " + e.getMessage(), e);
        }
        if (j == null) {
            return new JobState("DELETED", true, "Kubernetes Job " + job.id() + " was deleted");
        }
        JobStatus s = j.getStatus();
        if (s != null && s.getSucceeded() != null && s.getSucceeded() > 0) {
            return new JobState("SUCCEEDED", true, null);
        }
        if (s != null && s.getFailed() != null && s.getFailed() > 0) {
            String why = s.getConditions() == null ? "" : s.getConditions().stream()
                    .filter(c -> "Failed".equals(c.getType()))
                    .map(JobCondition::getMessage).filter(m -> m != null && !m.isBlank()).findFirst()
                    .map(m -> ": " + m).orElse("");
            return new JobState("FAILED", true, "Kubernetes Job " + job.id() + " failed" + why);
        }
        if (s != null && s.getActive() != null && s.getActive() > 0) {
            return new JobState(pod(job).map(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                    ? "RUNNING" : "PENDING").orElse("PENDING"), false, null);
        }
        return new JobState("PENDING", false, null);
    }

    private Optional<Pod> pod(TrialJob job) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("job-name", job.id()).list().getItems();
        return pods.isEmpty() ? Optional.empty() : Optional.of(pods.getLast());
    }

    @Override
    protected void cancel(TrialJob job, String why) throws IOException {
        delete(job);
    }

    private void delete(TrialJob job) throws IOException {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(job.id())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot delete Job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected EventReader events(TrialJob job) {
        int[] consumed = {0};
        return () -> {
            Optional<Pod> pod;
            String log;
            try {
                pod = pod(job);
                if (pod.isEmpty()) {
                    return List.of();
                }
                log = client.pods().inNamespace(namespace).withName(pod.get().getMetadata().getName()).getLog();
            } catch (KubernetesClientException e) {
                return List.of(); // the container has not started yet, or is gone
            }
            if (log == null) {
                return List.of();
            }
            String[] lines = log.split("\n", -1);
            int complete = lines.length - 1; // the part after the last newline is a line still being written
            List<String> fresh = new ArrayList<>();
            for (int i = consumed[0]; i < complete; i++) {
                fresh.add(lines[i].strip());
            }
            consumed[0] = Math.max(consumed[0], complete);
            return fresh;
        };
    }

    @Override
    protected Optional<Path> model(TrialJob job, Path localTemp) {
        return Optional.empty(); // the model came as artifact events
    }

    @Override
    protected RunStatus endStatus(JobState js) {
        return js.state().equals("DELETED") ? RunStatus.KILLED : RunStatus.FAILED;
    }

    @Override
    protected void cleanup(TrialJob job) throws IOException {
        delete(job);
    }
}
