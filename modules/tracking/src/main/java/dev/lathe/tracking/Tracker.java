package dev.lathe.tracking;

import dev.lathe.core.Experiment;
import dev.lathe.core.GitState;
import dev.lathe.core.Run;
import dev.lathe.workspace.NewRun;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * What training code holds to record runs into a workspace. One tracker per workspace per process; it owns
 * the background thread that writes metric points in batches. Thread-safe.
 *
 * <pre>{@code
 * try (Tracker tracker = new Tracker(workspace);
 *      TrackedRun run = tracker.startRun(RunOptions.in("iris").optSeed(7L))) {
 *     run.logParam("lr", "0.01");
 *     run.log("val_accuracy", epoch, 0.93);
 * }   // the run ends FINISHED unless it was ended otherwise
 * }</pre>
 */
public final class Tracker implements AutoCloseable {
    /** Batching defaults: a transaction per 20,000 points or per 200 ms, whichever comes first. */
    public static final int DEFAULT_BATCH_POINTS = 20_000;
    public static final long DEFAULT_FLUSH_MILLIS = 200;

    private final Workspace workspace;
    private final MetricBatcher batcher;

    public Tracker(Workspace workspace) {
        this(workspace, DEFAULT_BATCH_POINTS, DEFAULT_FLUSH_MILLIS, null);
    }

    /**
     * @param batchTimer told the nanoseconds each batch commit took (for benchmarks); may be null
     */
    public Tracker(Workspace workspace, int batchPoints, long flushMillis, LongConsumer batchTimer) {
        this.workspace = workspace;
        this.batcher = new MetricBatcher(workspace, batchPoints, flushMillis, Math.max(batchPoints * 10, 100_000),
                batchTimer);
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Starts a RUNNING run, recording the environment and the git state of the chosen folder. */
    public TrackedRun startRun(RunOptions options) {
        Experiment experiment = workspace.experiments().getOrCreate(options.experiment());
        Run run = workspace.runs().create(NewRun.running(experiment.id(), options.name())
                .withTrainer(options.trainer()).withSeed(options.seed()).withParent(options.parentRunId()));
        TrackedRun tracked = new TrackedRun(this, run);
        try {
            if (!options.tags().isEmpty()) {
                workspace.runs().setTags(run.id(), options.tags());
            }
            if (options.captureEnvironment()) {
                workspace.runs().recordEnvironment(run.id(), EnvironmentCapture.capture());
            }
            if (options.captureGit()) {
                recordGit(run, options.gitDir() != null ? options.gitDir() : Path.of("").toAbsolutePath());
            }
        } catch (RuntimeException e) {
            tracked.fail("could not record the run's context: " + e.getMessage());
            throw e;
        }
        return tracked;
    }

    /**
     * Starts tracking a run that already exists as QUEUED (a sweep trial created with its params): it becomes
     * RUNNING in this process, with environment and git state recorded as for a new run.
     */
    public TrackedRun track(Run queued, RunOptions options) {
        workspace.runs().start(queued.id());
        TrackedRun tracked = new TrackedRun(this, queued);
        try {
            if (!options.tags().isEmpty()) {
                workspace.runs().setTags(queued.id(), options.tags());
            }
            if (options.captureEnvironment()) {
                workspace.runs().recordEnvironment(queued.id(), EnvironmentCapture.capture());
            }
            if (options.captureGit()) {
                recordGit(queued, options.gitDir() != null ? options.gitDir() : Path.of("").toAbsolutePath());
            }
        } catch (RuntimeException e) {
            tracked.fail("could not record the run's context: " + e.getMessage());
            throw e;
        }
        return tracked;
    }

    private void recordGit(Run run, Path dir) {
        GitCapture.capture(dir).ifPresent(s -> recordGit(run.id(), s));
    }

    /**
     * Records a git snapshot taken earlier (a sweep takes one for all its trials: reading git status costs
     * a fraction of a second per run).
     */
    public void recordGit(String runId, GitCapture.Snapshot s) {
        Run run = workspace.runs().get(runId).orElseThrow();
        String patchArtifact = null;
        if (s.dirty() && !s.patch().isEmpty()) {
            patchArtifact = "git/uncommitted.patch";
            workspace.artifacts().add(run.id(), patchArtifact, s.patch().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        workspace.runs().recordGit(run.id(), new GitState(s.commit(), s.branch(), s.remoteUrl(), s.dirty(),
                patchArtifact, s.workTree().toString()));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("git.commit", s.commit() == null ? "none" : s.commit());
        tags.put("git.dirty", String.valueOf(s.dirty()));
        if (s.untrackedFiles() > 0) {
            tags.put("git.untracked_files", String.valueOf(s.untrackedFiles()));
        }
        workspace.runs().setTags(run.id(), tags);
    }

    MetricBatcher batcher() {
        return batcher;
    }

    /** Blocks until every metric point logged so far is committed. */
    public void flush() {
        batcher.flush();
    }

    /** Flushes pending points and stops the writer thread. The workspace stays open. */
    @Override
    public void close() {
        batcher.close();
    }
}
