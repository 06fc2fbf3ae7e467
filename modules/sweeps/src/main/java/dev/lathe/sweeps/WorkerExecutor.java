package dev.lathe.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lathe.core.RunStatus;
import dev.lathe.workspace.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Trials in worker processes, one per slot, each running `lathe trial worker` and training trial after trial
 * (one JVM start and engine load per slot, not per trial). Needed where a trainer cannot run twice in one
 * process (DJL's PyTorch engine allows one gradient collection at a time), and a native crash then takes down
 * one worker, not the sweep. The worker writes its trials' metrics to the workspace and prints them as JSON
 * lines; for each value of the sweep metric the coordinator answers with a decision (go on, or stop as PRUNED)
 * on the worker's stdin, and the worker waits for it before its next step.
 */
public final class WorkerExecutor implements TrialExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Workspace ws;
    private final Path logDir;
    private final int gpus;
    private final ThreadLocal<Worker> workers = new ThreadLocal<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<Worker> all = new ArrayList<>();

    /**
     * @param command the worker's command line (`java ... lathe trial worker --workspace W --sweep ID`)
     * @param logDir  where each worker's stderr goes (worker-PID.log)
     */
    public WorkerExecutor(List<String> command, Workspace ws, Path logDir) {
        this(command, ws, logDir, 0);
    }

    /**
     * @param gpus GPUs to share out: worker k sees only GPU k mod gpus (CUDA_VISIBLE_DEVICES), so each slot
     *             trains on a GPU of its own; 0 for none
     */
    public WorkerExecutor(List<String> command, Workspace ws, Path logDir, int gpus) {
        this.command = List.copyOf(command);
        this.ws = ws;
        this.logDir = logDir;
        this.gpus = gpus;
    }


    /** One worker process and the lines it printed. */
    private static final class Worker {
        final Process process;
        final Writer stdin;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Worker(Process process) {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().name("lathe-worker-" + process.pid()).daemon(true).start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended; run() notices
                }
            });
        }

        void send(Map<String, ?> op) throws IOException {
            stdin.write(JSON.writeValueAsString(op) + "\n");
            stdin.flush();
        }
    }

    private Worker worker() {
        Worker w = workers.get();
        if (w != null && w.process.isAlive()) {
            return w;
        }
        try {
            Files.createDirectories(logDir);
            Path log = Files.createTempFile(logDir, "worker-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            if (gpus > 0) {
                int index;
                synchronized (all) {
                    index = all.size();
                }
                builder.environment().put("CUDA_VISIBLE_DEVICES", String.valueOf(index % gpus));
            }
            Process p = builder.start();
            synchronized (all) {
                logs.add(log);
            }
            w = new Worker(p);
            workers.set(w);
            synchronized (all) {
                all.add(w);
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a trial worker (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SweepStatus.Trial run(TrialLaunch l, Hooks hooks) {
        Worker w = worker();
        String runId = l.run().id();
        boolean stopSent = false;
        try {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("op", "trial");
            op.put("trial", l.index());
            op.put("run_id", runId);
            op.put("params", l.params());
            op.put("seed", l.seed());
            w.send(op);
            while (true) {
                String line = w.lines.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!w.process.isAlive() && w.lines.isEmpty()) {
                        return died(l, w);
                    }
                    String why = hooks.sweepStop();
                    if (why != null && !stopSent) {
                        w.send(Map.of("op", "stop", "run_id", runId, "status", "KILLED", "reason", why));
                        stopSent = true;
                    }
                    continue;
                }
                JsonNode event = parse(line);
                if (event == null || !runId.equals(event.path("run_id").asText())) {
                    continue;
                }
                switch (event.path("event").asText()) {
                    case "metric" -> {
                        String key = event.path("key").asText();
                        long step = event.path("step").asLong();
                        double value = value(event.path("value"));
                        hooks.listener().metric(l.index(), runId, key, step, value);
                        if (key.equals(hooks.metric().name())) {
                            // the worker waits for this answer before its next epoch: a pruned trial stops at
                            // the step it was judged at, as it does in-process
                            boolean prune = !stopSent && hooks.scheduler().report(l.index(), step, value);
                            Map<String, Object> decision = new LinkedHashMap<>();
                            decision.put("op", "decide");
                            decision.put("run_id", runId);
                            decision.put("stop", prune);
                            if (prune) {
                                decision.put("status", "PRUNED");
                                decision.put("reason", "pruned at step " + step + " by " + hooks.earlyStopName());
                                stopSent = true;
                            }
                            w.send(decision);
                        }
                    }
                    case "trial-finished" -> {
                        JsonNode v = event.path("value");
                        return new SweepStatus.Trial(l.index(), runId, RunStatus.valueOf(event.path("status").asText()),
                                l.params(), v.isMissingNode() || v.isNull() ? null : value(v), event.path("step").asLong(),
                                event.path("reason").isNull() ? null : event.path("reason").asText(null));
                    }
                    default -> {
                        // other events are for people
                    }
                }
            }
        } catch (IOException e) {
            return died(l, w);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.process.destroyForcibly();
            return died(l, w);
        }
    }

    /** The worker died mid-trial (a native crash, an out-of-memory kill): the trial fails with the exit code. */
    private SweepStatus.Trial died(TrialLaunch l, Worker w) {
        try {
            w.process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String reason = "the trial worker process exited" + (w.process.isAlive() ? "" : " with code " + w.process.exitValue())
                + " during the trial";
        var current = ws.runs().get(l.run().id());
        if (current.isPresent() && !current.get().status().isTerminal()) {
            ws.runs().finish(l.run().id(), RunStatus.FAILED, reason);
        }
        workers.remove();
        return new SweepStatus.Trial(l.index(), l.run().id(), RunStatus.FAILED, l.params(), null, 0, reason);
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    static double value(JsonNode v) {
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText("NaN"));
    }

    /** Asks every worker to exit (end of input), then kills what is still there after a grace. */
    @Override
    public void close() {
        List<Worker> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
        }
        for (Worker w : copy) {
            try {
                w.stdin.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        for (Worker w : copy) {
            try {
                if (!w.process.waitFor(10, TimeUnit.SECONDS)) {
                    w.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process.destroyForcibly();
            }
        }
        // keep the logs of workers that had something to say
        synchronized (all) {
            for (Path log : logs) {
                try {
                    if (Files.size(log) == 0) {
                        Files.delete(log);
                    }
                } catch (IOException ignored) {
                    // a leftover log is harmless
                }
            }
        }
    }

    /** The line a worker prints for an event (used by {@link TrialWorker}). */
    static String line(String event, Map<String, ?> fields) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", event);
        node.setAll(JSON.<ObjectNode>valueToTree(fields));
        return node.toString();
    }
}
