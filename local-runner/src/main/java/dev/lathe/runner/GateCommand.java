package dev.lathe.runner;

import dev.lathe.core.Artifact;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.Run;
import dev.lathe.data.CategoricalColumn;
import dev.lathe.data.Column;
import dev.lathe.data.NumericColumn;
import dev.lathe.data.Table;
import dev.lathe.training.predict.Prediction;
import dev.lathe.training.predict.PredictionException;
import dev.lathe.training.predict.Predictor;
import dev.lathe.training.tabular.ModelManifest;
import dev.lathe.workspace.RegistryException;
import dev.lathe.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The gate of a continuous-training pipeline: scores a candidate model (a run or a registered version) on
 * validation data and passes it when its metric reaches --min and is not worse than the current champion's on the
 * same data. Exit 0 passed, 6 not passed, 2 bad input.
 */
@Command(name = "gate", description = "Score a candidate model on validation data and pass it when its metric "
        + "reaches --min and is not worse than --champion's on the same data (exit 0 passed, 6 not passed).")
final class GateCommand implements Callable<Integer> {
    private static final String MODEL_PREFIX = "model/";
    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @Parameters(paramLabel = "CANDIDATE", description = "A run id (or unique prefix), or a registered model as "
            + "NAME:VERSION or NAME@ALIAS.")
    String candidate;
    @Option(names = "--data", required = true, paramLabel = "VALIDATION.csv", description = "Labelled validation data.")
    Path data;
    @Option(names = "--label", description = "The label column (default: the one the candidate was trained on).")
    String label;
    @Option(names = "--metric", description = "accuracy (classification) or rmse, mae (regression); default "
            + "accuracy or rmse.")
    String metric;
    @Option(names = "--min", paramLabel = "VALUE", description = "The candidate's metric must reach this (at least "
            + "this for accuracy; at most this for rmse and mae).")
    Double min;
    @Option(names = "--champion", paramLabel = "NAME@ALIAS", description = "The model to beat (or tie), scored on "
            + "the same data; a model or alias that does not exist yet passes this part.")
    String champion;
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    Format format;

    GateCommand(Console console) {
        this.console = console;
    }

    /** One model scored. */
    record Score(String reference, String runId, double value, long rows) {
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(data)) {
            throw new UserException(ExitCodes.BAD_INPUT, "no validation data file " + data.toAbsolutePath());
        }
        Table table = Table.readCsv(data);
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            Resolved cand = resolve(ws, candidate, true);
            String labelColumn = label != null ? label : ws.runs().detail(cand.run().id()).orElseThrow().tags()
                    .get("label");
            if (labelColumn == null || !table.hasColumn(labelColumn)) {
                throw new UserException(ExitCodes.BAD_INPUT, data + " has no label column '" + labelColumn
                        + "' (name it with --label; the columns are " + String.join(", ", table.columnNames()) + ")");
            }
            Score candScore = score(ws, cand, table, labelColumn);
            boolean lowerIsBetter = !metric.equals("accuracy");
            List<String> reasons = new ArrayList<>();
            boolean pass = true;
            if (min != null) {
                boolean ok = lowerIsBetter ? candScore.value() <= min : candScore.value() >= min;
                reasons.add(metric + " " + RunViews.value(candScore.value()) + (ok ? " reaches " : " misses ")
                        + (lowerIsBetter ? "the maximum " : "the minimum ") + RunViews.value(min));
                pass &= ok;
            }
            Score champScore = null;
            if (champion != null) {
                Resolved champ = resolve(ws, champion, false);
                if (champ == null) {
                    reasons.add("no champion " + champion + " yet: nothing to beat");
                } else {
                    champScore = score(ws, champ, table, labelColumn);
                    boolean ok = lowerIsBetter ? candScore.value() <= champScore.value()
                            : candScore.value() >= champScore.value();
                    reasons.add(metric + " " + RunViews.value(candScore.value()) + (ok ? " is not worse than " : " is worse than ")
                            + champ.reference() + "'s " + RunViews.value(champScore.value()));
                    pass &= ok;
                }
            }
            print(candScore, champScore, pass, reasons, table);
            return pass ? ExitCodes.OK : ExitCodes.GATE_FAILED;
        }
    }

    private record Resolved(String reference, Run run) {
    }

    /** A run id or a registry reference; null for a champion that does not exist (yet). */
    private Resolved resolve(Workspace ws, String ref, boolean required) {
        if (ref.contains("@") || ref.contains(":")) {
            try {
                ModelVersion v = ws.registry().resolve(ref);
                Run run = ws.runs().get(v.runId()).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                        "model " + v.reference() + " was registered from run " + v.runId() + ", which is gone"));
                return new Resolved(v.reference(), run);
            } catch (RegistryException e) {
                if (required) {
                    throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
                }
                return null;
            }
        }
        var run = ws.runs().find(ref);
        if (run.isPresent()) {
            return new Resolved("run " + RunViews.shortId(run.get().id()), run.get());
        }
        if (ws.registry().model(ref).isPresent()) {
            ModelVersion v = ws.registry().resolve(ref);
            return new Resolved(v.reference(), ws.runs().get(v.runId()).orElseThrow());
        }
        if (required) {
            throw new UserException(ExitCodes.BAD_INPUT, "no run or registered model '" + ref + "' in " + ws.root());
        }
        return null;
    }

    private Score score(Workspace ws, Resolved r, Table table, String labelColumn) {
        try (Predictor p = load(ws, r.run())) {
            String task = p.isClassifier() ? "classification" : "regression";
            if (metric == null) {
                metric = p.isClassifier() ? "accuracy" : "rmse";
            }
            metric = metric.toLowerCase(Locale.ROOT);
            if (p.isClassifier() != metric.equals("accuracy") || !List.of("accuracy", "rmse", "mae").contains(metric)) {
                throw new UserException(ExitCodes.BAD_INPUT, "--metric " + metric + " does not fit " + r.reference()
                        + ", a " + task + " model (use " + (p.isClassifier() ? "accuracy" : "rmse or mae") + ")");
            }
            Column labels = table.column(labelColumn);
            List<Map<String, Object>> rows = new ArrayList<>(table.rows());
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < table.rows(); i++) {
                if (labels.isMissing(i)) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                for (Column c : table.columns()) {
                    if (c != labels) {
                        row.put(c.name(), switch (c) {
                            case NumericColumn n -> n.isMissing(i) ? null : n.value(i);
                            case CategoricalColumn k -> k.value(i);
                        });
                    }
                }
                rows.add(row);
                kept.add(i);
            }
            List<Prediction> predictions;
            try {
                predictions = p.predict(rows);
            } catch (PredictionException e) {
                throw new UserException(ExitCodes.BAD_INPUT, data + " does not fit " + r.reference() + ": "
                        + e.getMessage());
            }
            double sum = 0;
            for (int j = 0; j < kept.size(); j++) {
                int i = kept.get(j);
                Prediction pr = predictions.get(j);
                if (metric.equals("accuracy")) {
                    sum += String.valueOf(pr.label()).equals(labels.text(i)) ? 1 : 0;
                } else {
                    double actual = ((NumericColumn) labels).value(i);
                    double err = ((Prediction.Value) pr).label() - actual;
                    sum += metric.equals("rmse") ? err * err : Math.abs(err);
                }
            }
            double value = kept.isEmpty() ? Double.NaN : sum / kept.size();
            if (metric.equals("rmse")) {
                value = Math.sqrt(value);
            }
            return new Score(r.reference(), r.run().id(), value, kept.size());
        } catch (ClassCastException e) {
            throw new UserException(ExitCodes.BAD_INPUT, "the label column '" + labelColumn + "' of " + data
                    + " is not numeric, but " + r.reference() + " is a regression model");
        }
    }

    /** Copies the run's model/ artifacts into a temporary model folder and loads it. */
    static Predictor load(Workspace ws, Run run) {
        List<Artifact> model = ws.artifacts().list(run.id()).stream().filter(a -> a.path().startsWith(MODEL_PREFIX))
                .toList();
        if (model.stream().noneMatch(a -> a.path().equals(MODEL_PREFIX + ModelManifest.FILE))) {
            throw new UserException(ExitCodes.BAD_INPUT, "run " + run.id() + " has no model folder (no "
                    + MODEL_PREFIX + ModelManifest.FILE + " among its artifacts)");
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("lathe-gate-");
            for (Artifact a : model) {
                Path target = temp.resolve(a.path().substring(MODEL_PREFIX.length())).normalize();
                if (!target.startsWith(temp)) {
                    continue;
                }
                Path blob = ws.artifacts().resolve(run.id(), a.path()).orElseThrow();
                Files.createDirectories(target.getParent());
                Files.copy(blob, target);
            }
            return Predictor.load(temp);
        } catch (PredictionException e) {
            throw new UserException(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the model of run " + run.id() + " out of " + ws.root(), e);
        } finally {
            if (temp != null) {
                try (Stream<Path> tree = Files.walk(temp)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temp folder is harmless
                }
            }
        }
    }

    private void print(Score cand, Score champ, boolean pass, List<String> reasons, Table table) {
        if (format == Format.JSON) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("passed", pass);
            m.put("metric", metric);
            m.put("data", table.source().toAbsolutePath().toString());
            m.put("candidate", Map.of("reference", cand.reference(), "run_id", cand.runId(),
                    "value", RunViews.number(cand.value()), "rows", cand.rows()));
            m.put("champion", champ == null ? null : Map.of("reference", champ.reference(), "run_id", champ.runId(),
                    "value", RunViews.number(champ.value()), "rows", champ.rows()));
            m.put("min", min);
            m.put("reasons", reasons);
            console.out().println(Console.json(m));
            return;
        }
        console.out().println((pass ? "passed" : "not passed") + ": " + cand.reference() + " " + metric + " "
                + RunViews.value(cand.value()) + " on " + cand.rows() + " rows of " + table.name());
        reasons.forEach(r -> console.out().println("  " + r));
    }
}
