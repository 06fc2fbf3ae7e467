package dev.lathe.runner;

import dev.lathe.core.DatasetRecord;
import dev.lathe.core.MetricSummary;
import dev.lathe.core.RunDetail;
import dev.lathe.core.RunStatus;
import dev.lathe.data.Table;
import dev.lathe.tracking.Tracker;
import dev.lathe.training.Task;
import dev.lathe.training.Trainer;
import dev.lathe.training.Trainers;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains a finished run again from what it recorded (trainer, params, seed, the same data checked by its sha256)
 * and compares every final metric: exact, within tolerance, or diverged. The verdict is recorded on the
 * original run. Built-in trainers are Lathe's own code, so the recorded git commit is reported, not checked out.
 */
@Command(name = "reproduce", description = "Train a run again from its record and compare the metrics.")
final class ReproduceCommand implements Callable<Integer> {
    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Parameters(paramLabel = "RUN_ID", description = "A finished run's id or a unique prefix of one.")
    String runId;
    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest difference still called "
            + "reproduced (default: ${DEFAULT-VALUE}).")
    double tolerance;
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    Format format;

    ReproduceCommand(Console console) {
        this.console = console;
    }

    /** One metric compared. */
    record Comparison(String key, double original, double again, String verdict) {
    }

    @Override
    public Integer call() {
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
            Trainer trainer;
            try {
                trainer = Trainers.byName(d.run().trainer());
            } catch (RuntimeException e) {
                throw new UserException(ExitCodes.BAD_INPUT, "run " + run.id() + " was trained by '" + d.run().trainer()
                        + "', which this Lathe does not have: " + e.getMessage());
            }
            DatasetRecord data = d.datasets().stream().findFirst().orElseThrow(() -> new UserException(
                    ExitCodes.BAD_INPUT, "run " + run.id() + " records no dataset to train on"));
            Path file = Path.of(data.source());
            if (!Files.isRegularFile(file)) {
                throw new UserException(ExitCodes.BAD_INPUT, "the data of run " + run.id() + " is missing: " + file);
            }
            Table table = Table.readCsv(file);
            if (!table.sha256().equals(data.sha256())) {
                throw new UserException(ExitCodes.BAD_INPUT, "the data changed since run " + run.id() + ": " + file
                        + " had sha256 " + data.sha256() + ", it now has " + table.sha256());
            }
            String label = d.tags().get("label");
            String task = d.tags().get("task");
            long seed = d.run().seed() == null ? 42 : d.run().seed();
            TrainingSession.Spec spec = new TrainingSession.Spec(table, label, task == null ? null : Task.parse(task),
                    trainer, d.params(), seed, d.experimentName(),
                    (d.run().name() == null ? "run" : d.run().name()) + "-reproduced", null);
            TrainingSession.preflight(spec);
            TrainingSession.Outcome outcome;
            try (Tracker tracker = new Tracker(ws)) {
                Console progress = format == Format.JSON ? console.quietOut() : console;
                outcome = new TrainingSession(tracker, progress).train(spec, "reproduce " + RunViews.shortId(run.id()));
            }
            ws.runs().setTags(outcome.runId(), Map.of("reproduces", run.id()));
            List<Comparison> comparisons = compare(d.metrics(), ws.runs().detail(outcome.runId()).orElseThrow().metrics());
            boolean ok = outcome.status() == RunStatus.FINISHED
                    && comparisons.stream().noneMatch(c -> c.verdict().equals("diverged"));
            String verdict = !ok ? "diverged" : comparisons.stream().allMatch(c -> c.verdict().equals("exact"))
                    ? "exact" : "within_tolerance";
            ws.runs().setTags(run.id(), Map.of("reproduced.by", outcome.runId(), "reproduced.verdict", verdict));
            print(run.id(), outcome, comparisons, verdict, d);
            return ok ? ExitCodes.OK : ExitCodes.RUN_FAILED;
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
                verdict = Math.abs(a - b) <= tolerance ? "within_tolerance" : "diverged";
            }
            out.add(new Comparison(m.key(), a, b == null ? Double.NaN : b, verdict));
        }
        return out;
    }

    private void print(String original, TrainingSession.Outcome outcome, List<Comparison> comparisons, String verdict,
                       RunDetail d) {
        if (format == Format.JSON) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", original);
            m.put("reproduced_by", outcome.runId());
            m.put("verdict", verdict);
            m.put("tolerance", tolerance);
            m.put("git_commit", d.git().map(g -> g.commit()).orElse(null));
            m.put("metrics", comparisons.stream().map(c -> Map.of("key", c.key(), "original", RunViews.number(c.original()),
                    "again", RunViews.number(c.again()), "delta", RunViews.number(c.again() - c.original()),
                    "verdict", c.verdict())).toList());
            console.out().println(Console.json(m));
            return;
        }
        console.say("run " + original + " trained again as " + outcome.runId() + ": " + verdict.replace('_', ' '));
        d.git().ifPresent(g -> console.say("  code: built-in trainer " + d.run().trainer() + "; recorded commit "
                + g.commit() + (g.dirty() ? " (with uncommitted changes)" : "")));
        TextTable t = new TextTable(List.of("  METRIC", "ORIGINAL", "AGAIN", "DELTA", "VERDICT"));
        for (Comparison c : comparisons) {
            t.add(List.of("  " + c.key(), RunViews.value(c.original()), RunViews.value(c.again()),
                    RunViews.value(c.again() - c.original()), c.verdict().replace('_', ' ')));
        }
        console.out().print(t.render());
    }
}
