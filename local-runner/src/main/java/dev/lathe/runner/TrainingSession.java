package dev.lathe.runner;

import dev.lathe.core.RunStatus;
import dev.lathe.data.Table;
import dev.lathe.tracking.RunOptions;
import dev.lathe.tracking.TrackedRun;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.Params;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.TrainingRequest;
import dev.lathe.training.TrainingResult;
import dev.lathe.training.tabular.PreparedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trains one run and records it: the run starts only after the data, label and params were checked, so bad
 * input leaves nothing behind; a trainer failure (a NaN loss, say) ends the run FAILED with its reason.
 */
final class TrainingSession {
    /** What to train. task null means "infer from the label"; name null means "trainer-time". */
    record Spec(Table table, String label, Task task, Trainer trainer, Map<String, String> params, long seed,
                String experiment, String name, Path gitDir) {
    }

    /** How it ended. */
    record Outcome(String runId, RunStatus status, String reason, Map<String, Double> metrics) {
    }

    private final Tracker tracker;
    private final Console console;

    TrainingSession(Tracker tracker, Console console) {
        this.tracker = tracker;
        this.console = console;
    }

    /**
     * Checks all that can be checked before a run exists (params, label column, task, classes), so that bad
     * input is refused without recording anything.
     */
    static void preflight(Spec spec) {
        Params.resolve(spec.trainer().name(), spec.trainer().params(), spec.params());
        PreparedData.check(new TrainingRequest(spec.table(), spec.label(), spec.task(), spec.params(), spec.seed(), null),
                spec.trainer());
    }

    Outcome train(Spec spec, String progressLabel) {
        preflight(spec);
        Path modelDir = tempDir();
        RunOptions options = RunOptions.in(spec.experiment()).optName(spec.name()).optTrainer(spec.trainer().name())
                .optSeed(spec.seed()).optTags(Map.of("label", spec.label(), "data", spec.table().name(),
                        "engine", spec.trainer().engine()));
        if (spec.gitDir() != null) {
            options = options.optGitDir(spec.gitDir());
        }
        TrackedRun run = tracker.startRun(options);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            if (!run.isEnded()) {
                run.kill("interrupted: the runner was stopped (SIGINT/SIGTERM) during training");
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        console.event("run-started", Map.of("run_id", run.id(), "experiment", spec.experiment(),
                "trainer", spec.trainer().name(), "workspace", tracker.workspace().root().toString()));
        Progress progress = new Progress(console, progressLabel);
        Map<String, Double> latest = new LinkedHashMap<>();
        try {
            run.recordDataset(spec.table(), "train");
            TrainingRequest request = new TrainingRequest(spec.table(), spec.label(), spec.task(), spec.params(),
                    spec.seed(), modelDir);
            TrainingResult result = spec.trainer().train(request, new TrainingListener() {
                @Override
                public void params(Map<String, String> resolved) {
                    run.logParams(resolved);
                    console.event("params", Map.of("run_id", run.id(), "params", resolved));
                }

                @Override
                public void metric(String key, long step, double value) {
                    run.log(key, step, value);
                    latest.put(key, value);
                    console.event("metric", Map.of("run_id", run.id(), "key", key, "step", step,
                            "value", RunViews.number(value)));
                }

                @Override
                public void progress(String phase, long done, long total) {
                    progress.update(phase, done, total, detail(latest));
                }

                @Override
                public void environment(Map<String, String> facts) {
                    run.recordEnvironment(facts);
                }

                @Override
                public void tag(String key, String value) {
                    run.setTag(key, value);
                }
            });
            progress.finish();
            run.logArtifacts("model", result.modelDir());
            run.end(RunStatus.FINISHED, null);
            console.event("run-finished", Map.of("run_id", run.id(), "status", "FINISHED",
                    "metrics", finite(result.finalMetrics())));
            return new Outcome(run.id(), RunStatus.FINISHED, null, result.finalMetrics());
        } catch (TrainingException | dev.lathe.data.DataException e) {
            progress.finish();
            run.fail(e.getMessage());
            console.event("run-finished", Map.of("run_id", run.id(), "status", "FAILED", "reason", e.getMessage()));
            return new Outcome(run.id(), RunStatus.FAILED, e.getMessage(), latest);
        } catch (RuntimeException e) {
            progress.finish();
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            run.fail(reason);
            console.event("run-finished", Map.of("run_id", run.id(), "status", "FAILED", "reason", reason));
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: it ended the run
            }
            deleteQuietly(modelDir);
        }
    }

    private static Map<String, Object> finite(Map<String, Double> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(k, RunViews.number(v)));
        return out;
    }

    private static String detail(Map<String, Double> latest) {
        StringBuilder sb = new StringBuilder();
        for (String k : RunViews.headlineMetrics(latest.keySet())) {
            sb.append(k).append(' ').append(RunViews.value(latest.get(k))).append("  ");
        }
        return sb.toString().strip();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lathe-model-");
        } catch (IOException e) {
            throw new UserException(ExitCodes.WORKSPACE, "cannot create a temporary folder for the model: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
