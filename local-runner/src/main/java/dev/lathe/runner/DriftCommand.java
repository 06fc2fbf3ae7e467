package dev.lathe.runner;

import dev.lathe.core.DatasetRecord;
import dev.lathe.core.ModelVersion;
import dev.lathe.core.RunDetail;
import dev.lathe.data.ColumnProfile;
import dev.lathe.data.DatasetProfile;
import dev.lathe.data.Table;
import dev.lathe.data.drift.DriftCheck;
import dev.lathe.data.drift.DriftReport;
import dev.lathe.data.drift.FeatureDrift;
import dev.lathe.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Compares new data with the profile of the dataset a model (or run) was trained on: PSI and KS per numeric
 * column, PSI and new/vanished levels per categorical one, missing, new and retyped columns. Exits
 * {@link ExitCodes#DRIFT} when a feature drifted beyond the threshold, so a CI job can trigger retraining.
 */
@Command(name = "drift", description = "Compare new data with a model's training data: PSI and KS per feature, "
        + "category shifts, missing/new columns; exit 5 when a feature drifted (docs/drift.md).")
final class DriftCommand implements Callable<Integer> {
    private final Console console;
    @Mixin
    WorkspaceOption workspace;
    @ArgGroup(multiplicity = "1")
    Target target;
    @Option(names = "--data", required = true, paramLabel = "NEW.csv", description = "The new data (a CSV file).")
    Path data;
    @Option(names = "--threshold", defaultValue = "0.2", description = "PSI beyond which a feature drifted "
            + "(default: ${DEFAULT-VALUE}; below 0.1 is commonly read as stable, above 0.25 as a major shift).")
    double threshold;
    @Option(names = "--ks-threshold", description = "Also count a numeric feature as drifted when its KS statistic "
            + "is beyond this (default: KS is reported only).")
    Double ksThreshold;
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    Format format;

    static final class Target {
        @Parameters(paramLabel = "NAME[:VERSION|@ALIAS]", arity = "0..1", description = "A registered model; "
                + "NAME alone is its latest version.")
        String model;
        @Option(names = "--run", paramLabel = "RUN_ID", description = "A run instead of a registered model.")
        String run;
    }

    DriftCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (!(threshold > 0)) {
            throw new UserException(ExitCodes.BAD_INPUT, "--threshold must be more than 0, not " + threshold);
        }
        if (ksThreshold != null && !(ksThreshold > 0 && ksThreshold <= 1)) {
            throw new UserException(ExitCodes.BAD_INPUT, "--ks-threshold must be in (0, 1], not " + ksThreshold);
        }
        if (!Files.isRegularFile(data)) {
            throw new UserException(ExitCodes.BAD_INPUT, "no data file " + data.toAbsolutePath());
        }
        try (Workspace ws = workspace.open(Workspace.Mode.EXISTING)) {
            String subject;
            String runId;
            if (target.run != null) {
                runId = ws.runs().find(target.run).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                        "no run with id '" + target.run + "' in " + ws.root())).id();
                subject = "run " + runId;
            } else {
                ModelVersion v = ws.registry().resolve(target.model);
                runId = v.runId();
                subject = "model " + v.reference() + " (run " + runId + ")";
            }
            RunDetail d = ws.runs().detail(runId).orElseThrow(() -> new UserException(ExitCodes.BAD_INPUT,
                    "the run " + runId + " of " + target.model + " is not in the workspace any more"));
            DatasetRecord trained = d.datasets().stream().findFirst().orElseThrow(() -> new UserException(
                    ExitCodes.BAD_INPUT, subject + " records no training dataset, so there is nothing to compare with"));
            DatasetProfile profile = reference(trained, subject);
            Table now = Table.readCsv(data);
            String label = d.tags().get("label");
            DriftReport report = DriftCheck.compare(profile, now, threshold, ksThreshold,
                    label == null ? Set.of() : Set.of(label));
            print(subject, trained, now, report);
            return report.drifted() ? ExitCodes.DRIFT : ExitCodes.OK;
        }
    }

    /**
     * The stored profile; when it predates the quantile sketch (or lacks bins), the training file is profiled
     * again if it is still there with the same sha256.
     */
    private static DatasetProfile reference(DatasetRecord trained, String subject) {
        DatasetProfile stored = trained.profileJson() == null ? null : DatasetProfile.fromJson(trained.profileJson());
        boolean complete = stored != null && stored.columns().stream().filter(ColumnProfile::numeric)
                .filter(c -> c.count() > 0).allMatch(c -> c.quantiles() != null && c.binEdges() != null);
        if (complete) {
            return stored;
        }
        Path file = Path.of(trained.source());
        if (Files.isRegularFile(file)) {
            Table table = Table.readCsv(file);
            if (table.sha256().equals(trained.sha256())) {
                return DatasetProfile.of(table);
            }
        }
        boolean bins = stored != null && stored.columns().stream().filter(ColumnProfile::numeric)
                .filter(c -> c.count() > 0).allMatch(c -> c.binEdges() != null && c.binCounts() != null);
        if (bins) {
            return stored; // KS falls back to the bins, and says so
        }
        throw new UserException(ExitCodes.BAD_INPUT, "the training data profile of " + subject + " has no bins to "
                + "compare with, and the training file " + file + " (sha256 " + trained.sha256() + ") is gone or "
                + "changed; train the model again to store a full profile");
    }

    private void print(String subject, DatasetRecord trained, Table now, DriftReport report) {
        if (format == Format.JSON) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", subject);
            m.put("training_data", Map.of("name", trained.name(), "sha256", trained.sha256(), "rows", trained.rows()));
            m.put("new_data", Map.of("file", now.source().toAbsolutePath().toString(), "sha256", now.sha256(),
                    "rows", now.rows()));
            m.put("threshold", report.threshold());
            m.put("ks_threshold", report.ksThreshold());
            m.put("drifted", report.drifted());
            m.put("drifted_features", report.driftedFeatures());
            List<Map<String, Object>> features = new ArrayList<>();
            for (FeatureDrift f : report.features()) {
                Map<String, Object> row = Console.JSON.convertValue(f, Map.class);
                row.put("status", f.status().name().toLowerCase(Locale.ROOT));
                features.add(row);
            }
            m.put("features", features);
            console.out().println(Console.json(m));
            return;
        }
        console.say("drift of " + now.source() + " (" + now.rows() + " rows) against the training data of " + subject
                + ": " + trained.name() + " (" + trained.rows() + " rows)");
        TextTable t = new TextTable(List.of("  FEATURE", "TYPE", "PSI", "KS", "STATUS", "NOTE"));
        for (FeatureDrift f : report.features()) {
            String note = f.note() == null ? "" : f.note();
            if (f.newCategories() != null) {
                note = "new: " + String.join(", ", f.newCategories()) + (note.isEmpty() ? "" : "; " + note);
            }
            if (f.goneCategories() != null) {
                note = "gone: " + String.join(", ", f.goneCategories()) + (note.isEmpty() ? "" : "; " + note);
            }
            t.add(List.of("  " + f.name(), f.type(), f.psi() == null ? "-" : fmt(f.psi()),
                    f.ks() == null ? "-" : fmt(f.ks()), f.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + (f.drifted() ? " !" : ""), note));
        }
        console.out().print(t.render());
        console.say(report.drifted() ? "drift beyond PSI " + threshold + (ksThreshold == null ? "" : " / KS "
                + ksThreshold) + " in: " + String.join(", ", report.driftedFeatures())
                : "no feature drifted beyond PSI " + threshold);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
