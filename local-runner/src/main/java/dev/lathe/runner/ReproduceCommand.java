package dev.lathe.runner;

import dev.lathe.core.DatasetRecord;
import dev.lathe.core.GitState;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.core.Sweep;
import dev.lathe.data.Table;
import dev.lathe.sweeps.CommandTrialTask;
import dev.lathe.sweeps.SweepSpec;
import dev.lathe.sweeps.Sweeps;
import dev.lathe.tracking.GitCapture;
import dev.lathe.tracking.RunOptions;
import dev.lathe.tracking.TrackedRun;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.TrainingException;
import dev.lathe.training.TrainingListener;
import dev.lathe.training.Trainers;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains a finished run again from what it recorded and compares every final metric: exact, within tolerance, or
 * diverged. The dataset is checked by its sha256 first. A run made by a command trial is re-run inside a clean
 * checkout of its recorded commit with its uncommitted patch applied (the script is the user's code); a built-in
 * trainer is Lathe's own code, so for it the commit is only checked and reported. The verdict is recorded on the
 * original run (tags {@code lathe.reproduced}, {@code lathe.reproduced.by} and the artifact
 * {@code reproduce/RUN_ID.json} with the per-metric table).
 */
@Command(name = "reproduce", description = "Train a run again from its record (data checked by sha256, the recorded "
        + "commit and patch checked out for command trials) and compare the metrics.")
final class ReproduceCommand implements Callable<Integer> {
    static final String TAG_VERDICT = "lathe.reproduced";
    static final String TAG_BY = "lathe.reproduced.by";
    static final String TAG_OF = "lathe.reproduces";
    private static final String COMMAND_TRAINER = "command";

    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Parameters(paramLabel = "RUN_ID", description = "A finished run's id or a unique prefix of one.")
    String runId;
    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest absolute difference still called "
            + "reproduced (default: ${DEFAULT-VALUE}).")
    double tolerance;
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    Format format;

    ReproduceCommand(Console console) {
        this.console = console;
    }

    /** One metric compared; verdict is exact, tolerance or diverged. */
    record Comparison(String key, double original, double again, String verdict) {
    }

    /** The code a reproduction ran: the recorded commit, whether a patch was applied, and where. */
    record Code(String commit, boolean dirty, boolean patchApplied, String checkedOutIn, String note) {
    }

    @Override
    public Integer call() {
        if (!(tolerance >= 0)) {
            throw new UserException(ExitCodes.BAD_INPUT, "--tolerance must be 0 or more, not " + tolerance);
        }
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            var run = ws.runs().find(runId).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                    "no run with id '" + runId + "' in " + ws.root()));
            RunDetail d = ws.runs().detail(run.id()).orElseThrow();
            if (d.run().status() != RunStatus.FINISHED) {
                throw new UserException(ExitCodes.BAD_INPUT, "run " + run.id() + " is " + d.run().status()
                        + ": only a finished run can be reproduced");
            }
            if (d.run().trainer() == null) {
                throw new UserException(ExitCodes.BAD_INPUT, "run " + run.id() + " records no trainer (it was not "
                        + "trained by lathe train or a sweep), so Lathe cannot train it again");
            }
            boolean commandTrial = COMMAND_TRAINER.equals(d.run().trainer()) && d.run().sweepId() != null;
            Trainer trainer = null;
            if (!commandTrial) {
                try {
                    trainer = Trainers.byName(d.run().trainer());
                } catch (RuntimeException e) {
                    throw new UserException(ExitCodes.BAD_INPUT, "run " + run.id() + " was trained by '"
                            + d.run().trainer() + "', which this Lathe does not have any more: " + e.getMessage());
                }
            }
            Table table = checkedData(d);
            boolean verified = table != null;
            if (table == null && !commandTrial) {
                table = sweepData(ws, d);
            }
            Result result = commandTrial ? againAsCommand(ws, d) : againWithTrainer(ws, d, trainer, table);
            ws.runs().setTags(result.runId(), Map.of(TAG_OF, run.id()));
            List<Comparison> comparisons = compare(d.metrics(),
                    ws.runs().detail(result.runId()).orElseThrow().metrics());
            boolean ok = result.status() == RunStatus.FINISHED
                    && comparisons.stream().noneMatch(c -> c.verdict().equals("diverged"));
            String verdict = !ok ? "diverged"
                    : comparisons.stream().allMatch(c -> c.verdict().equals("exact")) ? "exact" : "tolerance";
            Map<String, Object> report = report(run.id(), result, comparisons, verdict, table, verified);
            ws.artifacts().add(run.id(), "reproduce/" + result.runId() + ".json",
                    Console.json(report).getBytes(StandardCharsets.UTF_8));
            ws.runs().setTags(run.id(), Map.of(TAG_VERDICT, verdict, TAG_BY, result.runId()));
            print(report, result, comparisons, verdict);
            return ok ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }
    }

    /** How the second training ended, and which code it ran. */
    private record Result(String runId, RunStatus status, String reason, Code code) {
    }

    /** The run's dataset, read and checked against its recorded sha256; null when the run recorded none. */
    private static Table checkedData(RunDetail d) {
        String id = d.run().id();
        DatasetRecord data = d.datasets().stream().findFirst().orElse(null);
        if (data == null) {
            if (!COMMAND_TRAINER.equals(d.run().trainer()) && d.run().sweepId() == null) {
                throw new UserException(ExitCodes.BAD_INPUT, "run " + id + " records no dataset to train on");
            }
            return null; // a sweep trial: its sweep file names the data
        }
        Path file = Path.of(data.source());
        if (!Files.isRegularFile(file)) {
            throw new UserException(ExitCodes.BAD_INPUT, "the data of run " + id + " is missing: " + file
                    + " (sha256 " + data.sha256() + ") does not exist any more");
        }
        Table table = Table.readCsv(file);
        if (!table.sha256().equals(data.sha256())) {
            throw new UserException(ExitCodes.BAD_INPUT, "the data changed since run " + id + ": " + file
                    + " had sha256 " + data.sha256() + ", it now has " + table.sha256()
                    + "; restore the original file to reproduce the run");
        }
        return table;
    }

    /**
     * The data of a sweep trial, which records no dataset of its own: the file the sweep's spec names, as it is now
     * (no hash was recorded to check it against, and the report says so).
     */
    private Table sweepData(Workspace ws, RunDetail d) {
        String id = d.run().id();
        Sweep sweep = ws.sweeps().get(d.run().sweepId()).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                "run " + id + " records no dataset, and its sweep " + d.run().sweepId() + " is not in the workspace"));
        SweepSpec spec = Sweeps.readStored(sweep);
        if (spec.data() == null || !Files.isRegularFile(spec.data())) {
            throw new UserException(ExitCodes.BAD_INPUT, "the data of run " + id + " is missing: its sweep "
                    + sweep.name() + " read " + spec.data() + ", which does not exist any more");
        }
        if (format != Format.JSON) {
            console.say("note: sweep trials record no dataset hash; " + spec.data() + " is used as it is now");
        }
        return Table.readCsv(spec.data());
    }

    private Result againWithTrainer(Workspace ws, RunDetail d, Trainer trainer, Table table) {
        Code code = d.git().filter(g -> g.commit() != null).map(g -> {
            boolean found = g.workTree() != null && ReproduceWorktree.hasCommit(Path.of(g.workTree()), g.commit());
            return new Code(g.commit(), g.dirty(), false, null, "built-in trainer " + d.run().trainer()
                    + " (Lathe's own code): the recorded commit is reported, not checked out"
                    + (found ? "" : "; note: the commit is no longer in " + g.workTree()));
        }).orElse(new Code(null, false, false, null, "built-in trainer " + d.run().trainer()
                + "; no git commit was recorded"));
        String label = d.tags().get("label");
        String task = d.tags().get("task");
        long seed = d.run().seed() == null ? 42 : d.run().seed();
        TrainingSession.Spec spec = new TrainingSession.Spec(table, label, task == null ? null : Task.parse(task),
                trainer, d.params(), seed, d.experimentName(),
                (d.run().name() == null ? "run" : d.run().name()) + "-reproduced", null);
        TrainingSession.preflight(spec);
        try (Tracker tracker = new Tracker(ws)) {
            Console progress = format == Format.JSON ? console.quietOut() : console;
            TrainingSession.Outcome outcome = new TrainingSession(tracker, progress).train(spec,
                    "reproduce " + RunViews.shortId(d.run().id()));
            return new Result(outcome.runId(), outcome.status(), outcome.reason(), code);
        }
    }

    /** Re-runs a command trial inside a clean checkout of its commit, with its uncommitted patch applied. */
    private Result againAsCommand(Workspace ws, RunDetail d) {
        String id = d.run().id();
        Sweep sweep = ws.sweeps().get(d.run().sweepId()).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                "run " + id + " was a trial of sweep " + d.run().sweepId() + ", which is not in the workspace"));
        SweepSpec spec = Sweeps.readStored(sweep);
        if (spec.command() == null || spec.command().isEmpty()) {
            throw new UserException(ExitCodes.BAD_INPUT, "sweep " + sweep.id() + " records no command to run");
        }
        Path sweepDir = spec.source() != null && spec.source().toAbsolutePath().getParent() != null
                ? spec.source().toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        GitState git = d.git().filter(g -> g.commit() != null).orElse(null);
        ReproduceWorktree tree = null;
        Path workDir = sweepDir;
        Code code;
        try {
            if (git != null) {
                Path repoRoot = Path.of(git.workTree());
                byte[] patch = null;
                if (git.dirty() && git.patchArtifact() != null) {
                    Path p = ws.artifacts().resolve(id, git.patchArtifact()).orElseThrow(() -> new UserException(
                            ExitCodes.BAD_INPUT, "run " + id + " was made with uncommitted changes, but its patch "
                            + "artifact " + git.patchArtifact() + " is missing"));
                    patch = readAll(p);
                }
                tree = ReproduceWorktree.create(repoRoot, git.commit(), patch);
                if (sweepDir.startsWith(repoRoot)) {
                    workDir = tree.root().resolve(repoRoot.relativize(sweepDir).toString());
                    code = new Code(git.commit(), git.dirty(), tree.patched(), tree.root().toString(),
                            "command run in a clean checkout of the commit" + (tree.patched()
                                    ? " with the recorded uncommitted patch applied" : ""));
                } else {
                    code = new Code(git.commit(), git.dirty(), tree.patched(), null, "the sweep's folder " + sweepDir
                            + " is outside the repository " + repoRoot + ": the command ran there, as it is now");
                }
            } else {
                code = new Code(null, false, false, null, "no git commit was recorded: the command ran in "
                        + sweepDir + " as it is now");
            }
            return runCommand(ws, d, spec, workDir, git, code);
        } finally {
            if (tree != null) {
                tree.close();
            }
        }
    }

    private Result runCommand(Workspace ws, RunDetail d, SweepSpec spec, Path workDir, GitState git, Code code) {
        long seed = d.run().seed() == null ? spec.seed() : d.run().seed();
        int trial = d.run().trialIndex() == null ? 0 : d.run().trialIndex();
        CommandTrialTask task = new CommandTrialTask(spec.command(), workDir, spec.data(), spec.label());
        Map<String, String> tags = new LinkedHashMap<>(task.tags());
        tags.put("sweep", spec.name());
        try (Tracker tracker = new Tracker(ws)) {
            TrackedRun run = tracker.startRun(RunOptions.in(d.experimentName())
                    .optName((d.run().name() == null ? "trial" : d.run().name()) + "-reproduced")
                    .optTrainer(COMMAND_TRAINER).optSeed(seed).optCaptureGit(false).optTags(tags));
            if (git != null) {
                String patch = "";
                if (git.patchArtifact() != null) {
                    patch = ws.artifacts().resolve(d.run().id(), git.patchArtifact()).map(p -> new String(readAll(p),
                            StandardCharsets.UTF_8)).orElse("");
                }
                tracker.recordGit(run.id(), new GitCapture.Snapshot(Path.of(git.workTree()), git.commit(),
                        git.branch(), git.remoteUrl(), git.dirty(), patch, 0));
            }
            Path outDir = null;
            Progress progress = new Progress(format == Format.JSON ? console.quietOut() : console,
                    "reproduce " + RunViews.shortId(d.run().id()));
            try {
                outDir = Files.createTempDirectory("lathe-trial-");
                task.train(trial, run.id(), d.params(), seed, outDir, new TrainingListener() {
                    @Override
                    public void params(Map<String, String> resolved) {
                        run.logParams(resolved);
                    }

                    @Override
                    public void metric(String key, long step, double value) {
                        run.log(key, step, value);
                        progress.update("step " + step, step, 0, key + " " + RunViews.value(value));
                    }

                    @Override
                    public void tag(String key, String value) {
                        run.setTag(key, value);
                    }
                });
                progress.finish();
                run.logArtifacts("model", outDir);
                run.end(RunStatus.FINISHED, null);
                return new Result(run.id(), RunStatus.FINISHED, null, code);
            } catch (TrainingException | IOException e) {
                progress.finish();
                run.fail(e.getMessage());
                return new Result(run.id(), RunStatus.FAILED, e.getMessage(), code);
            } finally {
                if (outDir != null) {
                    deleteQuietly(outDir);
                }
            }
        }
    }

    private List<Comparison> compare(List<MetricSummary> original, List<MetricSummary> again) {
        Map<String, Double> now = new LinkedHashMap<>();
        again.forEach(m -> now.put(m.key(), m.last()));
        List<Comparison> out = new ArrayList<>();
        for (MetricSummary m : original) {
            Double b = now.get(m.key());
            double a = m.last();
            String verdict;
            if (b == null) {
                verdict = "diverged";
            } else if (Double.compare(a, b) == 0) {
                verdict = "exact";
            } else {
                verdict = Math.abs(a - b) <= tolerance ? "tolerance" : "diverged";
            }
            out.add(new Comparison(m.key(), a, b == null ? Double.NaN : b, verdict));
        }
        return out;
    }

    private Map<String, Object> report(String original, Result result, List<Comparison> comparisons, String verdict,
                                       Table table, boolean verified) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", original);
        m.put("reproduced_by", result.runId());
        m.put("verdict", verdict);
        m.put("status", result.status().name());
        if (result.reason() != null) {
            m.put("reason", result.reason());
        }
        m.put("tolerance", tolerance);
        m.put("data", table == null ? null : Map.of("file", table.source().toAbsolutePath().toString(),
                "sha256", table.sha256(), "verified", verified));
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("git_commit", result.code().commit());
        code.put("dirty", result.code().dirty());
        code.put("patch_applied", result.code().patchApplied());
        code.put("checked_out", result.code().checkedOutIn() != null);
        code.put("note", result.code().note());
        m.put("code", code);
        m.put("git_commit", result.code().commit());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", c.key());
            row.put("original", RunViews.number(c.original()));
            row.put("again", RunViews.number(c.again()));
            row.put("delta", RunViews.number(c.again() - c.original()));
            row.put("verdict", c.verdict());
            rows.add(row);
        }
        m.put("metrics", rows);
        return m;
    }

    private void print(Map<String, Object> report, Result result, List<Comparison> comparisons, String verdict) {
        if (format == Format.JSON) {
            console.out().println(Console.json(report));
            return;
        }
        console.say("run " + report.get("run_id") + " trained again as " + result.runId() + ": "
                + (verdict.equals("tolerance") ? "within tolerance (" + tolerance + ")" : verdict));
        if (result.reason() != null) {
            console.say("  the second run failed: " + result.reason());
        }
        Code code = result.code();
        console.say("  code: " + (code.commit() == null ? "" : "commit " + code.commit()
                + (code.dirty() ? (code.patchApplied() ? " + uncommitted patch" : " (dirty)") : "") + "; ")
                + code.note());
        TextTable t = new TextTable(List.of("  METRIC", "ORIGINAL", "AGAIN", "DELTA", "VERDICT"));
        for (Comparison c : comparisons) {
            t.add(List.of("  " + c.key(), RunViews.value(c.original()), RunViews.value(c.again()),
                    RunViews.value(c.again() - c.original()),
                    c.verdict().equals("tolerance") ? "within tolerance" : c.verdict()));
        }
        console.out().print(t.render());
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UserException(ExitCodes.WORKSPACE, "cannot read " + p + ": " + e.getMessage());
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
