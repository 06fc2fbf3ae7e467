package dev.lathe.sweeps.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepSpecParser;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.sweeps.TrialTask;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * `lathe trial run`: trains one trial of a sweep on a cluster node from its trial folder, without any workspace.
 * The folder holds {@value #SPEC} (the sweep file's text, the trial's params and seed); the trial prints the
 * runner protocol's JSON lines on stdout (params, metric per step, trial-finished with the final metrics),
 * writes its model into {@value #MODEL}/, and stops after its current step when {@value #STOP} appears in the
 * folder or the process gets SIGTERM (scancel, a Kubernetes Job deleted).
 */
public final class TrialRunner {
    public static final String SPEC = "trial.json";
    public static final String MODEL = "model";
    public static final String STOP = "stop";
    /** The file a job's stdout goes to (the event stream the coordinator follows). */
    public static final String EVENTS = "events.jsonl";
    public static final String STDERR = "stderr.log";
    /** Environment variable with the trial file's JSON, for nodes that share no folder with the coordinator. */
    public static final String TRIAL_ENV = "LATHE_TRIAL_JSON";
    /**
     * Environment variable that, set to 1, makes the trial print its model files as "artifact" events (base64)
     * after trial-finished, for coordinators that cannot read the node's folder (Kubernetes without a volume).
     */
    public static final String MODEL_IN_EVENTS_ENV = "LATHE_MODEL_IN_EVENTS";
    /** The most model bytes sent as events; a larger model stays in the trial folder. */
    static final long MAX_EVENT_MODEL_BYTES = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a SIGTERM waits for the current step to end and the result to be printed. */
    private static final long TERM_GRACE_MS = 20_000;

    private final Path dir;
    private final PrintStream out;
    private volatile boolean terminated;
    private volatile long lastStopCheck;
    private volatile boolean stopSeen;

    public TrialRunner(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /** What the coordinator writes into a trial folder for the node. */
    public record TrialFile(String sweepYaml, String source, int trial, String runId, Map<String, String> params,
                            long seed) {
        public String toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("sweep_yaml", sweepYaml);
            n.put("source", source);
            n.put("trial", trial);
            n.put("run_id", runId);
            n.set("params", JSON.valueToTree(params));
            n.put("seed", seed);
            return n.toPrettyString() + "\n";
        }

        public static TrialFile parse(String json) throws IOException {
            JsonNode n = JSON.readTree(json);
            Map<String, String> params = new LinkedHashMap<>();
            n.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            return new TrialFile(n.path("sweep_yaml").asText(), n.path("source").asText(), n.path("trial").asInt(),
                    n.path("run_id").asText(), params, n.path("seed").asLong());
        }
    }

    /**
     * Runs the trial; returns the process exit code: 0 when it finished or was stopped, 1 when training failed,
     * 2 when the trial folder or its sweep file is unusable.
     */
    public int run() {
        TrialFile trial;
        SweepSpec spec;
        TrialTask task;
        try {
            String given = System.getenv(TRIAL_ENV);
            if (given != null && !Files.exists(dir.resolve(SPEC))) {
                // a Kubernetes Job hands the trial file in its environment: there is no shared folder to put it in
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(SPEC), given);
            }
            trial = TrialFile.parse(Files.readString(dir.resolve(SPEC)));
        } catch (IOException e) {
            emit("trial-finished", fields("status", "FAILED", "reason", "cannot read " + dir.resolve(SPEC) + ": " + e.getMessage()));
            return 2;
        }
        String runId = trial.runId();
        try {
            Path source = Path.of(trial.source());
            if (source.toAbsolutePath().getParent() == null || !Files.isDirectory(source.toAbsolutePath().getParent())) {
                // the sweep file's folder is not on this node (a container): relative paths resolve in the trial folder
                source = dir.resolve("sweep.yaml");
                Files.writeString(source, trial.sweepYaml());
            }
            spec = SweepSpecParser.parseText(trial.sweepYaml(), source);
            task = Sweeps.plan(spec).task();
        } catch (IOException | RuntimeException e) {
            emit("trial-finished", fields("run_id", runId, "trial", trial.trial(), "status", "FAILED",
                    "reason", "on " + host() + ": " + e.getMessage()));
            return 2;
        }
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            terminated = true;
            try {
                ended.await(TERM_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        emit("trial-started", fields("run_id", runId, "trial", trial.trial(), "host", host(),
                "job_id", jobId(), "pid", ProcessHandle.current().pid()));
        String metricName = spec.metric().name();
        Double[] objective = {null};
        long[] lastStep = {0};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void params(Map<String, String> resolved) {
                emit("params", fields("run_id", runId, "params", resolved));
            }

            @Override
            public void metric(String key, long step, double value) {
                if (key.equals(metricName)) {
                    objective[0] = value;
                    lastStep[0] = step;
                }
                emit("metric", fields("run_id", runId, "key", key, "step", step, "value", number(value)));
            }

            @Override
            public void environment(Map<String, String> facts) {
                emit("environment", fields("run_id", runId, "facts", facts));
            }

            @Override
            public void tag(String key, String value) {
                emit("tag", fields("run_id", runId, "key", key, "value", value));
            }

            @Override
            public boolean stopRequested() {
                return stopped();
            }
        };
        Path model = dir.resolve(MODEL);
        String status;
        String reason = null;
        Map<String, Double> finals = Map.of();
        int exit = 0;
        try {
            deleteTree(model);
            Files.createDirectories(model);
            finals = task.train(trial.trial(), runId, trial.params(), trial.seed(), model, listener);
            status = stopped() ? "KILLED" : "FINISHED";
            reason = stopped() ? stopReason() : null;
        } catch (TrainingException e) {
            status = stopped() ? "KILLED" : "FAILED";
            reason = e.getMessage();
            exit = stopped() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            status = "FAILED";
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            exit = 1;
        }
        Map<String, Object> f = fields("run_id", runId, "trial", trial.trial(), "status", status, "value",
                objective[0] == null ? null : number(objective[0]), "step", lastStep[0], "reason", reason);
        Map<String, Object> fin = new LinkedHashMap<>();
        (finals == null ? Map.<String, Double>of() : finals).forEach((k, v) -> fin.put(k, number(v)));
        f.put("metrics", fin);
        f.put("model", model.toString());
        if ("1".equals(System.getenv(MODEL_IN_EVENTS_ENV)) && !"FAILED".equals(status)) {
            emitModel(model, runId);
        }
        emit("trial-finished", f);
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook is waiting for us and exits the JVM
        }
        return exit;
    }

    /** The model's files as artifact events (before trial-finished, so a coordinator has them when it ends). */
    private void emitModel(Path model, String runId) {
        try (Stream<Path> files = Files.walk(model)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            long total = 0;
            for (Path p : all) {
                total += Files.size(p);
            }
            if (total > MAX_EVENT_MODEL_BYTES) {
                emit("warning", fields("run_id", runId, "message", "the model (" + total + " bytes) is too large to "
                        + "send as events; it stays in " + model));
                return;
            }
            for (Path p : all) {
                emit("artifact", fields("run_id", runId, "path", MODEL + "/" + model.relativize(p).toString().replace('\\', '/'),
                        "base64", java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            emit("warning", fields("run_id", runId, "message", "cannot send the model: " + e.getMessage()));
        }
    }

    private boolean stopped() {
        if (terminated || stopSeen) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastStopCheck > 200_000_000L) {
            lastStopCheck = now;
            stopSeen = Files.exists(dir.resolve(STOP));
        }
        return stopSeen;
    }

    private String stopReason() {
        try {
            String text = Files.readString(dir.resolve(STOP)).strip();
            if (!text.isEmpty()) {
                return text;
            }
        } catch (IOException ignored) {
            // no stop file: a signal
        }
        return "stopped by a signal (SIGTERM)";
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The engine's id of this job as the engine tells its processes (Slurm's SLURM_JOB_ID; the pod's name). */
    private static String jobId() {
        String slurm = System.getenv("SLURM_JOB_ID");
        return slurm != null ? slurm : System.getenv("HOSTNAME");
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void emit(String event, Map<String, ?> fields) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", event);
        node.setAll(JSON.<ObjectNode>valueToTree(fields));
        synchronized (out) {
            out.println(node.toString());
            out.flush();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /** `java -cp ... dev.lathe.sweeps.cluster.TrialRunner DIR`: the same without the runner's command line. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TrialRunner TRIAL_DIR");
            System.exit(2);
        }
        int code = new TrialRunner(Path.of(args[0]).toAbsolutePath(), System.out).run();
        System.exit(code);
    }
}
