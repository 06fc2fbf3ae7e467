package dev.lathe.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.core.Run;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The worker side of {@link WorkerExecutor}: reads operations as JSON lines on stdin (`{"op":"trial",...}`,
 * `{"op":"stop",...}`), trains each trial into the workspace, and prints metric and trial-finished events on
 * stdout. End of input means the coordinator is gone: the current trial stops (KILLED, re-run on resume) and
 * the worker exits.
 */
public final class TrialWorker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EOF = JSON.createObjectNode().put("op", "eof");

    private final Workspace ws;
    private final TrialExecution execution;
    private final PrintStream out;
    /** How long a worker waits for the coordinator's decision on a metric value before going on. */
    private static final long DECISION_WAIT_MS = 30_000;

    private final SweepSpec spec;
    private volatile TrialControl.Stop stop;
    private volatile String currentRun;
    private final BlockingQueue<JsonNode> decisions = new LinkedBlockingQueue<>();

    public TrialWorker(Workspace ws, Tracker tracker, Sweep sweep, SweepSpec spec, TrialTask task, PrintStream out) {
        this.ws = ws;
        this.execution = new TrialExecution(tracker, task, spec, sweep.id(), sweep.name(), TrialExecution.gitOf(spec));
        this.out = out;
        this.spec = spec;
    }

    /** Serves trials until end of input. */
    public void serve(InputStream in) throws InterruptedException {
        BlockingQueue<JsonNode> trials = new LinkedBlockingQueue<>();
        Thread.ofPlatform().name("lathe-worker-input").daemon(true).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode op;
                    try {
                        op = JSON.readTree(line);
                    } catch (IOException e) {
                        continue;
                    }
                    switch (op.path("op").asText()) {
                        case "trial" -> trials.add(op);
                        case "stop" -> {
                            if (op.path("run_id").asText().equals(currentRun)) {
                                stop = new TrialControl.Stop(RunStatus.valueOf(op.path("status").asText("KILLED")),
                                        op.path("reason").asText(null));
                                decisions.add(op);
                            }
                        }
                        case "decide" -> decisions.add(op);
                        default -> {
                            // unknown operations are ignored, so newer coordinators can add some
                        }
                    }
                }
            } catch (IOException ignored) {
                // treated as end of input
            }
            stop = stop != null ? stop : new TrialControl.Stop(RunStatus.KILLED, "the sweep coordinator went away");
            decisions.add(EOF);
            trials.add(EOF);
        });
        while (true) {
            JsonNode op = trials.take();
            if (op == EOF) {
                return;
            }
            runTrial(op);
        }
    }

    private void runTrial(JsonNode op) {
        String runId = op.path("run_id").asText();
        Run run = ws.runs().get(runId).orElse(null);
        if (run == null || run.status() != RunStatus.QUEUED) {
            emit("trial-finished", Map.of("run_id", runId, "status", "FAILED", "step", 0,
                    "reason", "the worker found run " + runId + " " + (run == null ? "missing" : run.status().name())));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        op.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        stop = null;
        decisions.clear();
        currentRun = runId;
        TrialLaunch launch = new TrialLaunch(op.path("trial").asInt(), run, params, op.path("seed").asLong());
        SweepStatus.Trial result = execution.execute(launch, new TrialControl() {
            @Override
            public void metric(String key, long step, double value) {
                emit("metric", Map.of("run_id", runId, "key", key, "step", step, "value", number(value)));
                if (key.equals(spec.metric().name())) {
                    awaitDecision(runId);
                }
            }

            @Override
            public boolean stopRequested() {
                return stop != null;
            }

            @Override
            public Stop stop() {
                return stop;
            }
        });
        currentRun = null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", runId);
        fields.put("status", result.status().name());
        fields.put("value", result.objective() == null ? null : number(result.objective()));
        fields.put("step", result.step());
        fields.put("reason", result.reason());
        emit("trial-finished", fields);
    }

    /** Waits for the coordinator's word on the value just reported: go on, or stop (pruned). */
    private void awaitDecision(String runId) {
        long deadline = System.nanoTime() + DECISION_WAIT_MS * 1_000_000L;
        while (stop == null) {
            JsonNode d;
            try {
                d = decisions.poll(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (d == null || d == EOF) {
                return;
            }
            if ("decide".equals(d.path("op").asText()) && runId.equals(d.path("run_id").asText())) {
                if (d.path("stop").asBoolean()) {
                    stop = new TrialControl.Stop(RunStatus.valueOf(d.path("status").asText("PRUNED")),
                            d.path("reason").asText(null));
                }
                return;
            }
        }
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }

    private void emit(String event, Map<String, ?> fields) {
        synchronized (out) {
            out.println(WorkerExecutor.line(event, fields));
            out.flush();
        }
    }
}
