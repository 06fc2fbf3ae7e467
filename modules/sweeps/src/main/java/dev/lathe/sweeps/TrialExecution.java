package dev.lathe.sweeps;

import dev.lathe.core.RunStatus;
import dev.lathe.tracking.GitCapture;
import dev.lathe.tracking.RunOptions;
import dev.lathe.tracking.TrackedRun;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trains one trial into its run and ends the run: FINISHED, PRUNED or KILLED as the control says, FAILED with
 * the trainer's message. The same code runs in the coordinator's process and in a trial worker process.
 */
final class TrialExecution {
    private final Tracker tracker;
    private final TrialTask task;
    private final SweepSpec spec;
    private final Map<String, String> tags;
    private final Optional<GitCapture.Snapshot> git;

    TrialExecution(Tracker tracker, TrialTask task, SweepSpec spec, String sweepId, String sweepName,
                   Optional<GitCapture.Snapshot> git) {
        this.tracker = tracker;
        this.task = task;
        this.spec = spec;
        this.git = git;
        Map<String, String> t = new LinkedHashMap<>(task.tags());
        t.put("sweep", sweepName);
        t.put("sweep.id", sweepId);
        this.tags = Map.copyOf(t);
    }

    /** The git state of the sweep file's folder, read once for all trials (JGit status costs ~0.3 s). */
    static Optional<GitCapture.Snapshot> gitOf(SweepSpec spec) {
        Path dir = spec.source() != null && spec.source().toAbsolutePath().getParent() != null
                ? spec.source().toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        return GitCapture.capture(dir);
    }

    SweepStatus.Trial execute(TrialLaunch l, TrialControl control) {
        TrackedRun run = tracker.track(l.run(), RunOptions.in(spec.experiment()).optCaptureGit(false).optTags(tags));
        git.ifPresent(g -> tracker.recordGit(run.id(), g));
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        if (visible != null) {
            run.recordEnvironment(Map.of("cuda.visible_devices", visible));
        }
        long[] last = {0};
        Double[] objective = {null};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void params(Map<String, String> resolved) {
                run.logParams(resolved);
            }

            @Override
            public void metric(String key, long step, double value) {
                run.log(key, step, value);
                if (key.equals(spec.metric().name())) {
                    last[0] = step;
                    objective[0] = value;
                }
                control.metric(key, step, value);
            }

            @Override
            public void environment(Map<String, String> facts) {
                run.recordEnvironment(facts);
            }

            @Override
            public void tag(String key, String value) {
                run.setTag(key, value);
            }

            @Override
            public boolean stopRequested() {
                return control.stopRequested();
            }
        };
        Path modelDir = null;
        RunStatus status;
        String reason = null;
        try {
            modelDir = Files.createTempDirectory("lathe-trial-");
            task.train(l.index(), run.id(), l.params(), l.seed(), modelDir, listener);
            run.logArtifacts("model", modelDir);
            TrialControl.Stop stop = control.stop();
            status = stop == null ? RunStatus.FINISHED : stop.status();
            reason = stop == null ? null : stop.reason();
        } catch (TrainingException e) {
            TrialControl.Stop stop = control.stop();
            status = stop != null && stop.status() == RunStatus.KILLED ? RunStatus.KILLED : RunStatus.FAILED;
            reason = e.getMessage();
        } catch (IOException | RuntimeException e) {
            status = RunStatus.FAILED;
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            deleteQuietly(modelDir);
        }
        run.end(status, reason);
        return new SweepStatus.Trial(l.index(), run.id(), status, l.params(), objective[0], last[0], reason);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
