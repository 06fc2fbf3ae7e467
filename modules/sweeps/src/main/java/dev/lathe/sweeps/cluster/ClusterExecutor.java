package dev.lathe.sweeps.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.core.Run;
import dev.lathe.core.RunRow;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.SweepStatus;
import dev.lathe.sweeps.TrialExecutor;
import dev.lathe.sweeps.TrialLaunch;
import dev.lathe.tracking.RunOptions;
import dev.lathe.tracking.TrackedRun;
import dev.lathe.tracking.Tracker;
import dev.lathe.workspace.RunQuery;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trials as jobs of a cluster engine (Slurm, Kubernetes). For each trial it hands the engine a job that runs
 * `lathe trial run` on a node, follows the job's event stream (the trial's stdout) and writes params and metrics
 * into the local workspace as they arrive, feeds the sweep metric to the scheduler and cancels the job when the
 * scheduler prunes it or the sweep stops, imports the model when the job ends, and maps the engine's end state
 * to the run's. The workspace is only ever written by this process; nodes see nothing but their trial folder.
 *
 * <p>The job id and the engine's state are recorded on the run as tags ({@link #TAG_EXECUTOR},
 * {@link #TAG_JOB_ID}, {@link #TAG_STATE}), so a coordinator started after a crash finds jobs that are still
 * queued or running and follows them instead of submitting the trial again.
 */
public abstract class ClusterExecutor implements TrialExecutor {
    /** Run tag: which executor ran the trial ("slurm", "kubernetes"). */
    public static final String TAG_EXECUTOR = "lathe.executor";
    /** Run tag: the engine's job id (the same value as the engine-specific tag). */
    public static final String TAG_JOB_ID = "lathe.executor.job_id";
    /** Run tag: the engine's last seen state of the job (PENDING, RUNNING, COMPLETED, CANCELLED, ...). */
    public static final String TAG_STATE = "lathe.executor.state";
    /** Run tag: the trial's folder on the cluster's shared filesystem. */
    public static final String TAG_TRIAL_DIR = "lathe.trial.dir";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Failed reads or polls in a row after which a trial's job counts as lost. */
    private static final int MAX_ERRORS = 30;

    protected final Workspace ws;
    private final Tracker tracker;
    protected final SweepSpec spec;
    protected final Sweep sweep;
    private final String sweepYaml;
    private final Map<String, String> tags;
    private final long pollMillis;
    private final AtomicBoolean detached = new AtomicBoolean();

    /** A job of the engine for one trial: its id and the trial's folder (or null where the engine keeps none). */
    public record TrialJob(String id, String dir) {
    }

    /** The engine's view of a job: its state word, whether it has ended, and why (for the run's reason). */
    public record JobState(String state, boolean ended, String reason) {
        static final JobState UNKNOWN = new JobState("UNKNOWN", false, null);
    }

    protected ClusterExecutor(Workspace ws, Tracker tracker, SweepSpec spec, Sweep sweep, Map<String, String> tags,
                              long pollMillis) {
        this.ws = ws;
        this.tracker = tracker;
        this.spec = spec;
        this.sweep = sweep;
        this.sweepYaml = sweep.spec();
        Map<String, String> t = new LinkedHashMap<>(tags);
        t.put("sweep", sweep.name());
        t.put("sweep.id", sweep.id());
        t.put(TAG_EXECUTOR, name());
        this.tags = Map.copyOf(t);
        this.pollMillis = pollMillis;
    }

    /** "slurm" or "kubernetes". */
    public abstract String name();

    /** The engine-specific tag that also holds the job id ("lathe.slurm.job_id"). */
    protected abstract String jobIdTag();

    /** Hands the engine a job for the trial, whose trial file is {@code trialFile} (JSON). */
    protected abstract TrialJob submit(TrialLaunch launch, String trialFile) throws IOException;

    /** The job's state now. */
    protected abstract JobState poll(TrialJob job) throws IOException;

    /** Asks the engine to stop the job; {@code why} is written where the trial can read it (PRUNED ...). */
    protected abstract void cancel(TrialJob job, String why) throws IOException;

    /** Complete event lines printed since the last call (the engine keeps the position in the reader). */
    protected abstract EventReader events(TrialJob job);

    /** The trial's model folder as a local path, when the engine gives one back. */
    protected abstract Optional<Path> model(TrialJob job, Path localTemp) throws IOException;

    /**
     * Checks, before the sweep starts, that the engine answers (its commands are installed, its API reachable);
     * throws IllegalArgumentException with what to fix.
     */
    public void preflight() {
    }

    /** Called once a trial's run has ended (a Kubernetes Job is deleted here). */
    protected void cleanup(TrialJob job) throws IOException {
    }

    /** Reads a job's event stream piece by piece. */
    protected interface EventReader {
        List<String> next() throws IOException;
    }

    /**
     * Stops following jobs without cancelling them (the coordinator is going away): running trials end as
     * KILLED here and `sweep resume` re-attaches to their jobs.
     */
    public void detach() {
        detached.set(true);
    }

    @Override
    public SweepStatus.Trial run(TrialLaunch l, Hooks hooks) {
        TrackedRun run = tracker.track(l.run(), RunOptions.in(spec.experiment()).optCaptureGit(false)
                .optCaptureEnvironment(false).optTags(tags));
        run.logParams(l.params());
        TrialJob job;
        try {
            job = reattach(l).orElse(null);
            if (job == null) {
                TrialRunner.TrialFile file = new TrialRunner.TrialFile(sweepYaml, sweep.source(), l.index(),
                        l.run().id(), l.params(), l.seed());
                job = submit(l, file.toJson());
            }
        } catch (IOException | RuntimeException e) {
            String reason = "could not submit the trial to " + name() + ": " + e.getMessage();
            run.end(RunStatus.FAILED, reason);
            return new SweepStatus.Trial(l.index(), run.id(), RunStatus.FAILED, l.params(), null, 0, reason);
        }
        Map<String, String> jobTags = new LinkedHashMap<>();
        jobTags.put(TAG_JOB_ID, job.id());
        jobTags.put(jobIdTag(), job.id());
        if (job.dir() != null) {
            jobTags.put(TAG_TRIAL_DIR, job.dir());
        }
        ws.runs().setTags(run.id(), jobTags);
        return follow(l, hooks, run, job);
    }

    private SweepStatus.Trial follow(TrialLaunch l, Hooks hooks, TrackedRun run, TrialJob job) {
        EventReader reader = events(job);
        String metric = hooks.metric().name();
        String state = null;
        long prunedAt = -1;
        String stopWhy = null;
        boolean cancelled = false;
        JsonNode finished = null;
        Double objective = null;
        long lastStep = 0;
        long lastPoll = 0;
        JobState js = JobState.UNKNOWN;
        int unknown = 0;
        Path received = null;
        try {
            int errors = 0;
            while (true) {
                List<String> lines;
                try {
                    lines = reader.next();
                } catch (IOException e) {
                    // a busy controller or a dropped ssh connection: try again, give up after a while
                    if (++errors >= MAX_ERRORS) {
                        throw e;
                    }
                    lines = List.of();
                }
                for (String line : lines) {
                    JsonNode e = parse(line);
                    if (e == null) {
                        continue;
                    }
                    switch (e.path("event").asText()) {
                        case "params" -> {
                            Map<String, String> p = new LinkedHashMap<>();
                            e.path("params").properties().forEach(x -> p.put(x.getKey(), x.getValue().asText()));
                            run.logParams(p);
                        }
                        case "metric" -> {
                            String key = e.path("key").asText();
                            long step = e.path("step").asLong();
                            double value = value(e.path("value"));
                            if (prunedAt >= 0 && step > prunedAt) {
                                break; // the trial ran on while its job was being cancelled
                            }
                            run.log(key, step, value);
                            hooks.listener().metric(l.index(), run.id(), key, step, value);
                            if (key.equals(metric)) {
                                objective = value;
                                lastStep = step;
                                if (prunedAt < 0 && stopWhy == null && hooks.scheduler().report(l.index(), step, value)) {
                                    prunedAt = step;
                                }
                            }
                        }
                        case "environment" -> {
                            Map<String, String> facts = new LinkedHashMap<>();
                            e.path("facts").properties().forEach(x -> facts.put(x.getKey(), x.getValue().asText()));
                            run.recordEnvironment(facts);
                        }
                        case "tag" -> run.setTag(e.path("key").asText(), e.path("value").asText());
                        case "trial-started" -> {
                            if (e.hasNonNull("host")) {
                                run.setTag("lathe.executor.host", e.path("host").asText());
                            }
                        }
                        case "trial-finished" -> finished = e;
                        case "artifact" -> received = receive(received, e);
                        default -> {
                            // events for people
                        }
                    }
                }
                if (detached.get()) {
                    String reason = "the coordinator went away; " + name() + " job " + job.id()
                            + " keeps running and `lathe sweep resume` follows it again";
                    run.end(RunStatus.KILLED, reason);
                    return new SweepStatus.Trial(l.index(), run.id(), RunStatus.KILLED, l.params(), objective, lastStep, reason);
                }
                if (!cancelled && prunedAt >= 0) {
                    cancel(job, "PRUNED: pruned at step " + prunedAt + " by " + hooks.earlyStopName());
                    cancelled = true;
                }
                if (!cancelled && hooks.sweepStop() != null && !detached.get()) {
                    stopWhy = hooks.sweepStop();
                    cancel(job, "KILLED: " + stopWhy);
                    cancelled = true;
                }
                long now = System.nanoTime();
                if (now - lastPoll >= TimeUnit.MILLISECONDS.toNanos(pollMillis)) {
                    lastPoll = now;
                    try {
                        js = poll(job);
                        errors = 0;
                    } catch (IOException e) {
                        if (++errors >= MAX_ERRORS) {
                            throw e;
                        }
                        Thread.sleep(Math.min(250, pollMillis));
                        continue;
                    }
                    if (!js.state().equals(state)) {
                        state = js.state();
                        run.setTag(TAG_STATE, state);
                        hooks.listener().trialState(l.index(), run.id(), name(), job.id(), state);
                    }
                    unknown = js == JobState.UNKNOWN || "UNKNOWN".equals(js.state()) ? unknown + 1 : 0;
                    if (js.ended() || unknown >= 5 && finished != null || unknown >= 30) {
                        // one last read: lines written just before the end
                        for (String line : reader.next()) {
                            JsonNode e = parse(line);
                            if (e != null && "artifact".equals(e.path("event").asText())) {
                                received = receive(received, e);
                            } else if (e != null && "trial-finished".equals(e.path("event").asText())) {
                                finished = e;
                            } else if (e != null && "metric".equals(e.path("event").asText())
                                    && (prunedAt < 0 || e.path("step").asLong() <= prunedAt)) {
                                run.log(e.path("key").asText(), e.path("step").asLong(), value(e.path("value")));
                                if (e.path("key").asText().equals(metric)) {
                                    objective = value(e.path("value"));
                                    lastStep = e.path("step").asLong();
                                }
                            }
                        }
                        break;
                    }
                }
                Thread.sleep(Math.min(250, pollMillis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String reason = "interrupted while following " + name() + " job " + job.id();
            run.end(RunStatus.KILLED, reason);
            return new SweepStatus.Trial(l.index(), run.id(), RunStatus.KILLED, l.params(), objective, lastStep, reason);
        } catch (IOException | RuntimeException e) {
            String reason = "lost track of " + name() + " job " + job.id() + ": " + e.getMessage();
            run.end(RunStatus.FAILED, reason);
            return new SweepStatus.Trial(l.index(), run.id(), RunStatus.FAILED, l.params(), objective, lastStep, reason);
        }
        RunStatus status;
        String reason;
        if (prunedAt >= 0) {
            status = RunStatus.PRUNED;
            reason = "pruned at step " + prunedAt + " by " + hooks.earlyStopName() + " (" + name() + " job " + job.id()
                    + " cancelled)";
        } else if (stopWhy != null) {
            status = RunStatus.KILLED;
            reason = stopWhy;
        } else if (finished != null && !"KILLED".equals(finished.path("status").asText())) {
            status = RunStatus.valueOf(finished.path("status").asText("FAILED"));
            reason = finished.path("reason").isNull() ? null : finished.path("reason").asText(null);
            if (status == RunStatus.FINISHED && js.ended() && !isSuccess(js)) {
                // the trial printed its result, then the job was cut short: keep the result, say what happened
                reason = js.reason();
            }
            if (status == RunStatus.FAILED && reason != null && finished.path("value").isMissingNode()) {
                reason = reason + " (" + name() + " job " + job.id() + ")";
            }
        } else {
            status = endStatus(js);
            reason = js.reason() != null ? js.reason() : name() + " job " + job.id() + " ended (" + js.state()
                    + ") without a result";
        }
        if (finished != null && objective == null && finished.path("value").isNumber()) {
            objective = finished.path("value").asDouble();
            lastStep = finished.path("step").asLong();
        }
        if (status == RunStatus.FINISHED || status == RunStatus.PRUNED) {
            try {
                Path temp = Files.createTempDirectory("lathe-trial-import-");
                try {
                    Optional<Path> model = model(job, temp);
                    if (model.isEmpty() && received != null && Files.isDirectory(received.resolve(TrialRunner.MODEL))) {
                        model = Optional.of(received.resolve(TrialRunner.MODEL));
                    }
                    if (model.isPresent() && hasFiles(model.get())) {
                        run.logArtifacts("model", model.get());
                    }
                } finally {
                    deleteQuietly(temp);
                }
            } catch (IOException | RuntimeException e) {
                status = status == RunStatus.FINISHED ? RunStatus.FAILED : status;
                reason = "could not import the trial's model from " + job.dir() + ": " + e.getMessage();
            }
        }
        if (received != null) {
            deleteQuietly(received);
        }
        run.end(status, reason);
        try {
            cleanup(job);
        } catch (IOException | RuntimeException ignored) {
            // a leftover job or folder is harmless; the run is recorded
        }
        return new SweepStatus.Trial(l.index(), run.id(), status, l.params(), objective, lastStep, reason);
    }

    /** Writes a file the trial sent as an event ("artifact", base64) under a temp folder made on first use. */
    private static Path receive(Path into, JsonNode e) throws IOException {
        Path folder = into != null ? into : Files.createTempDirectory("lathe-trial-received-");
        Path target = folder.resolve(e.path("path").asText()).normalize();
        if (!target.startsWith(folder)) {
            return folder; // a path that climbs out of the folder is not ours to write
        }
        Files.createDirectories(target.getParent());
        Files.write(target, java.util.Base64.getDecoder().decode(e.path("base64").asText()));
        return folder;
    }

    /** The run status for a job that ended without printing a result (KILLED when cancelled, else FAILED). */
    protected RunStatus endStatus(JobState js) {
        return js.state().startsWith("CANCELLED") ? RunStatus.KILLED : RunStatus.FAILED;
    }

    /** True when the engine's end state is a normal completion. */
    protected boolean isSuccess(JobState js) {
        return js.state().equals("COMPLETED") || js.state().equals("Complete") || js.state().equals("SUCCEEDED");
    }

    /**
     * The job of an earlier run of the same trial that a dead coordinator left behind, when it is still queued
     * or running, or ended with its result printed: following it again loses nothing and runs nothing twice.
     */
    private Optional<TrialJob> reattach(TrialLaunch l) throws IOException {
        List<RunRow> earlier = new ArrayList<>(ws.runs().rows(RunQuery.inSweep(sweep.id())).stream()
                .filter(r -> r.run().trialIndex() != null && r.run().trialIndex() == l.index())
                .filter(r -> !r.run().id().equals(l.run().id()))
                .toList());
        earlier.sort(Comparator.comparing((RunRow r) -> r.run().startedAt() == null ? Instant.EPOCH : r.run().startedAt())
                .reversed());
        for (RunRow r : earlier) {
            Map<String, String> t = ws.runs().detail(r.run().id()).map(d -> d.tags()).orElse(Map.of());
            String id = t.get(TAG_JOB_ID);
            if (id == null || !name().equals(t.get(TAG_EXECUTOR))) {
                continue;
            }
            TrialJob job = new TrialJob(id, t.get(TAG_TRIAL_DIR));
            JobState s = poll(job);
            boolean alive = !s.ended() && !"UNKNOWN".equals(s.state());
            boolean printedResult = !alive && hasResult(job);
            if (!alive && !printedResult) {
                return Optional.empty();
            }
            Run old = r.run();
            if (!old.status().isTerminal()) {
                ws.runs().finish(old.id(), RunStatus.KILLED, "its coordinator went away; " + name() + " job " + id
                        + " is followed on by run " + l.run().id());
            }
            return Optional.of(job);
        }
        return Optional.empty();
    }

    /** True when the job's event stream holds its trial-finished line. */
    protected boolean hasResult(TrialJob job) throws IOException {
        for (String line : events(job).next()) {
            JsonNode e = parse(line);
            if (e != null && "trial-finished".equals(e.path("event").asText())) {
                return true;
            }
        }
        return false;
    }

    static JsonNode parse(String line) {
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

    private static boolean hasFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }

    /** Splits a growing byte stream into complete lines, keeping a partial last line for the next call. */
    protected static final class LineSplitter {
        private final StringBuilder partial = new StringBuilder();

        List<String> add(byte[] bytes) {
            List<String> lines = new ArrayList<>();
            partial.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, nl).strip());
                partial.delete(0, nl + 1);
            }
            return lines;
        }

        void reset() {
            partial.setLength(0);
        }
    }
}
