package dev.lathe.app.repro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.app.sweeps.RunnerClient;
import dev.lathe.app.sweeps.RunnerCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A drift check of new data against a run's training data, for the app: it runs
 * {@code lathe drift --run RUN_ID --data NEW.csv --format json} as a runner process and turns its report into
 * rows a table and per-feature charts show.
 */
public final class DriftViewModel {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One feature of the report; shares are per bin (numeric) or per level (categorical), before and now. */
    public record Feature(String name, String type, String status, boolean drifted, Double psi, Double ks,
                          List<String> buckets, List<Double> before, List<Double> now, String note) {
    }

    private final Supplier<RunnerCommand> runner;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<Feature> features = FXCollections.observableArrayList();
    /**
     * One read-only view for every caller: a wrapper made per call is only weakly tied to the list, so listeners
     * added to it stop firing once it is garbage-collected.
     */
    private final ObservableList<Feature> featuresView = FXCollections.unmodifiableObservableList(features);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper drifted = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();

    public DriftViewModel(Supplier<RunnerCommand> runner, Executor background, Executor ui) {
        this.runner = runner;
        this.background = background;
        this.ui = ui;
    }

    /** Checks data against the training data of runId; completes on the UI executor with the properties set. */
    public CompletableFuture<Void> check(Path workspace, String runId, Path data, double threshold) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.set(true);
        summary.set("Comparing " + data.getFileName() + " with the training data…");
        background.execute(() -> {
            Result r = run(workspace, runId, data, threshold);
            ui.execute(() -> {
                running.set(false);
                // the verdict first: whoever reacts to the features (the window's chart) sees it already set
                drifted.set(r.drifted());
                summary.set(r.summary());
                features.setAll(r.features());
                done.complete(null);
            });
        });
        return done;
    }

    private record Result(List<Feature> features, boolean drifted, String summary) {
    }

    private Result run(Path workspace, String runId, Path data, double threshold) {
        RunnerClient.Result done;
        try {
            done = new RunnerClient(runner.get()).run(TIMEOUT, null, "drift", "--run", runId, "--data",
                    data.toAbsolutePath().toString(), "--threshold", String.valueOf(threshold), "--workspace",
                    workspace.toAbsolutePath().toString(), "--format", "json");
        } catch (RunnerClient.TimedOut e) {
            return new Result(List.of(), false, "The drift check did not end within " + TIMEOUT.toMinutes() + " minutes");
        } catch (RuntimeException e) {
            return new Result(List.of(), false, "Cannot check drift: " + e.getMessage());
        }
        String out = done.stdout().strip();
        if (!out.startsWith("{")) {
            String message = RunnerClient.stripPrefixes(done.stderr()).strip();
            return new Result(List.of(), false, message.isEmpty() ? "lathe drift exited with code "
                    + done.exitCode() : message);
        }
        try {
            JsonNode r = JSON.readTree(out);
            List<Feature> rows = new ArrayList<>();
            for (JsonNode f : r.path("features")) {
                List<String> buckets = new ArrayList<>();
                if (f.has("levels")) {
                    f.get("levels").forEach(l -> buckets.add(l.asText()));
                } else if (f.has("binEdges")) {
                    JsonNode e = f.get("binEdges");
                    for (int i = 0; i + 1 < e.size(); i++) {
                        buckets.add(String.format(java.util.Locale.ROOT, "%.3g–%.3g", e.get(i).asDouble(),
                                e.get(i + 1).asDouble()));
                    }
                }
                rows.add(new Feature(f.path("name").asText(), f.path("type").asText(), f.path("status").asText(),
                        f.path("drifted").asBoolean(), number(f.get("psi")), number(f.get("ks")), buckets,
                        numbers(f.get("sharesBefore")), numbers(f.get("sharesNow")), f.path("note").asText("")));
            }
            boolean any = r.path("drifted").asBoolean();
            List<String> names = new ArrayList<>();
            r.path("drifted_features").forEach(n -> names.add(n.asText()));
            String summaryText = any ? "Drift beyond PSI " + threshold + " in " + String.join(", ", names)
                    : "No feature drifted beyond PSI " + threshold;
            return new Result(rows, any, summaryText + " (" + r.path("new_data").path("rows").asLong() + " new rows, "
                    + r.path("training_data").path("rows").asLong() + " training rows)");
        } catch (IOException | RuntimeException e) {
            return new Result(List.of(), false, "Cannot check drift: " + e.getMessage());
        }
    }

    private static Double number(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    private static List<Double> numbers(JsonNode n) {
        List<Double> out = new ArrayList<>();
        if (n != null) {
            n.forEach(v -> out.add(v.asDouble()));
        }
        return out;
    }

    public ObservableList<Feature> features() {
        return featuresView;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty driftedProperty() {
        return drifted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
