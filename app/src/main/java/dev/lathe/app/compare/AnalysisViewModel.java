package dev.lathe.app.compare;

import dev.lathe.app.AsyncRunner;
import dev.lathe.app.ErrorMessages;
import dev.lathe.app.Formats;
import dev.lathe.charts.ImportanceChart;
import dev.lathe.charts.Palette;
import dev.lathe.charts.ParallelCoordinatesChart;
import dev.lathe.charts.ScatterChart;
import dev.lathe.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The sweep views of the compare screen: parallel coordinates of params and the objective (with brushing that
 * becomes runs-table filter text), a scatter of one param against one metric, and param importance computed by
 * the runner. Fed the compared runs by {@link CompareViewModel}; all properties are touched on the UI thread.
 */
public final class AnalysisViewModel {
    /** The most param axes shown by default: beyond about 20 the axes are too close to read. */
    static final int DEFAULT_MAX_AXES = 20;
    /** Below this many finished runs with the objective, pruned trials are counted too (the runner needs 8). */
    static final int MIN_FINISHED = 8;

    private final Supplier<Workspace> workspace;
    private final AsyncRunner async;
    private final ImportanceSource importanceSource;
    private Consumer<String> onFilterRuns = filter -> { };
    private Consumer<List<String>> onCompare = ids -> { };

    private final ObjectProperty<String> objective = new SimpleObjectProperty<>();
    private final BooleanProperty maximize = new SimpleBooleanProperty(true);
    private final ObservableList<String> metrics = FXCollections.observableArrayList();
    private final ObservableList<String> params = FXCollections.observableArrayList();
    private final ObservableList<String> axes = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ParallelCoordinatesChart> parallel = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper brushFilter = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper brushedCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper parallelMessage = new ReadOnlyStringWrapper("");

    /** The colours of the three charts; the compare screen binds it to its own. */
    private final ObjectProperty<Palette.Theme> chartTheme = new SimpleObjectProperty<>(Palette.LIGHT);
    /** Builds the importance chart of the last result in a theme, so a theme switch redraws it; null without one. */
    private java.util.function.Function<Palette.Theme, ImportanceChart> importanceChart;
    private final ObjectProperty<String> scatterParam = new SimpleObjectProperty<>();
    private final ObjectProperty<String> scatterMetric = new SimpleObjectProperty<>();
    private final BooleanProperty scatterLogX = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<ScatterChart> scatter = new ReadOnlyObjectWrapper<>();

    private final ReadOnlyObjectWrapper<ImportanceChart> importance = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ImportanceSource.Result> importanceResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper importanceLoading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper importanceMessage = new ReadOnlyStringWrapper("");

    private List<CompareRun> runs = List.of();
    private boolean updating;
    private long importanceGeneration;

    AnalysisViewModel(Supplier<Workspace> workspace, AsyncRunner async, ImportanceSource importanceSource) {
        this.workspace = workspace;
        this.async = async;
        this.importanceSource = importanceSource;
        objective.addListener((obs, old, v) -> objectiveChanged());
        maximize.addListener((obs, old, v) -> objectiveChanged());
        axes.addListener((ListChangeListener<String>) c -> rebuildParallel());
        scatterParam.addListener((obs, old, p) -> {
            // a param spread over decades (a learning rate) reads best on a log axis
            if (!updating) {
                scatterLogX.set(spansDecades(p));
            }
            rebuildScatter();
        });
        scatterMetric.addListener((obs, old, m) -> rebuildScatter());
        scatterLogX.addListener((obs, old, log) -> rebuildScatter());
        chartTheme.addListener((obs, old, theme) -> themeChanged());
    }

    /**
     * Shows these runs.
     *
     * @param diffParams      params whose values differ across the runs: the candidate axes
     * @param objectiveMetric the objective (the sweep's metric, or the first validation metric)
     */
    void setRuns(List<CompareRun> runs, List<String> metricKeys, List<String> diffParams, String objectiveMetric,
                 boolean maximizeObjective) {
        updating = true;
        try {
            this.runs = List.copyOf(runs);
            metrics.setAll(metricKeys);
            params.setAll(diffParams);
            objective.set(objectiveMetric);
            maximize.set(maximizeObjective);
            axes.setAll(diffParams.subList(0, Math.min(DEFAULT_MAX_AXES, diffParams.size())));
            String firstParam = diffParams.stream().filter(this::isNumeric).findFirst()
                    .orElse(diffParams.isEmpty() ? null : diffParams.getFirst());
            scatterParam.set(firstParam);
            scatterLogX.set(spansDecades(firstParam));
            scatterMetric.set(objectiveMetric);
        } finally {
            updating = false;
        }
        resetImportance();
        rebuildParallel();
        rebuildScatter();
    }

    private void objectiveChanged() {
        if (updating) {
            return;
        }
        resetImportance();
        rebuildParallel();
        rebuildScatter();
    }

    private Palette.Theme theme() {
        return chartTheme.get() == null ? Palette.LIGHT : chartTheme.get();
    }

    /** Redraws the charts in the new colours: parallel coordinates in place (its brushes stay), the others anew. */
    private void themeChanged() {
        ParallelCoordinatesChart chart = parallel.get();
        if (chart != null) {
            chart.setTheme(theme());
        }
        rebuildScatter();
        if (importanceChart != null && importance.get() != null) {
            importance.set(importanceChart.apply(theme()));
        }
    }

    /** The colours of parallel coordinates, scatter and importance; setting it redraws them. */
    public ObjectProperty<Palette.Theme> chartThemeProperty() {
        return chartTheme;
    }

    // ---- parallel coordinates

    private void rebuildParallel() {
        if (updating) {
            return;
        }
        String metric = objective.get();
        if (metric == null || runs.isEmpty()) {
            parallel.set(null);
            return;
        }
        List<ParallelCoordinatesChart.Row> rows = runs.stream()
                .map(r -> new ParallelCoordinatesChart.Row(r.id(), r.label(), r.params(), r.metric(metric))).toList();
        ParallelCoordinatesChart chart = ParallelCoordinatesChart.create(List.copyOf(axes), metric, maximize.get(), rows, theme());
        chart.addBrushListener(this::brushed);
        parallel.set(chart);
        brushed();
    }

    private void brushed() {
        ParallelCoordinatesChart chart = parallel.get();
        if (chart == null) {
            return;
        }
        BrushFilter.Text text = BrushFilter.of(chart.brushes());
        brushFilter.set(text.filter());
        int selected = chart.selected().size();
        brushedCount.set(selected);
        String shown = chart.brushes().isEmpty() ? Formats.count(chart.lineCount(), "run")
                : selected + " of " + Formats.count(chart.lineCount(), "run") + " inside the brushed ranges";
        if (!text.skipped().isEmpty()) {
            shown += " (the filter leaves out " + String.join(", ", text.skipped()) + ")";
        }
        parallelMessage.set(shown);
    }

    /** Ids of the runs inside every brushed range (all runs when nothing is brushed). */
    public List<String> brushedIds() {
        ParallelCoordinatesChart chart = parallel.get();
        return chart == null ? List.of() : chart.selectedIds();
    }

    /** Hands the brushed ranges, as runs-table filter text, to whoever shows the runs table. */
    public void filterRunsTable() {
        if (!brushFilter.get().isEmpty()) {
            onFilterRuns.accept(brushFilter.get());
        }
    }

    /** Compares only the brushed runs. */
    public void compareBrushed() {
        List<String> ids = brushedIds();
        if (ids.size() >= 1 && ids.size() < runs.size()) {
            onCompare.accept(ids);
        }
    }

    /** Receives filter text for the runs table (the composition root connects it to the runs table's filter box). */
    public void setOnFilterRuns(Consumer<String> onFilterRuns) {
        this.onFilterRuns = Objects.requireNonNull(onFilterRuns);
    }

    void setOnCompare(Consumer<List<String>> onCompare) {
        this.onCompare = Objects.requireNonNull(onCompare);
    }

    // ---- scatter

    private void rebuildScatter() {
        if (updating) {
            return;
        }
        String param = scatterParam.get();
        String metric = scatterMetric.get();
        if (param == null || metric == null || runs.isEmpty()) {
            scatter.set(null);
            return;
        }
        List<ScatterChart.Point> points = runs.stream().map(r -> new ScatterChart.Point(r.id(), r.label(),
                r.params().getOrDefault(param, ""), r.metric(metric), r.status())).toList();
        scatter.set(ScatterChart.create(param, metric, points, bestRunId(), scatterLogX.get(), theme()));
    }

    /** The run with the best objective value, or null. */
    public String bestRunId() {
        String metric = objective.get();
        String best = null;
        double bestValue = Double.NaN;
        for (CompareRun r : runs) {
            double v = r.metric(metric);
            if (Double.isFinite(v) && (best == null || (maximize.get() ? v > bestValue : v < bestValue))) {
                best = r.id();
                bestValue = v;
            }
        }
        return best;
    }

    private boolean isNumeric(String param) {
        boolean any = false;
        for (CompareRun r : runs) {
            String v = r.params().get(param);
            if (v != null && !v.isEmpty()) {
                any = true;
                try {
                    Double.parseDouble(v.strip());
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return any;
    }

    /** Whether the param's values read better on a log axis (see {@link ParallelCoordinatesChart#prefersLog}). */
    boolean spansDecades(String param) {
        if (param == null || !isNumeric(param)) {
            return false;
        }
        return ParallelCoordinatesChart.prefersLog(runs.stream().map(r -> r.params().get(param))
                .filter(v -> v != null && !v.isEmpty()).mapToDouble(v -> Double.parseDouble(v.strip())).toArray());
    }

    // ---- importance

    private void resetImportance() {
        importanceGeneration++;
        importance.set(null);
        importanceResult.set(null);
        importanceLoading.set(false);
        importanceMessage.set(objective.get() == null ? "" : "Compute which params explain " + objective.get()
                + " (a random forest fitted by the runner over the finished runs).");
    }

    /** Asks the importance source in the background; the chart and message follow on the UI thread. */
    public void computeImportance() {
        String metric = objective.get();
        if (metric == null || runs.isEmpty()) {
            return;
        }
        long gen = ++importanceGeneration;
        boolean max = maximize.get();
        List<String> ids = runs.stream().map(CompareRun::id).toList();
        // an early-stopped sweep finishes few trials: then pruned ones count too, and the note says so
        long finished = runs.stream().filter(r -> "FINISHED".equals(r.status()) && Double.isFinite(r.metric(metric))).count();
        boolean includePruned = finished < MIN_FINISHED;
        Path root = workspace.get().root();
        importanceLoading.set(true);
        importanceMessage.set("Fitting a random forest to " + Formats.count(ids.size(), "run") + "…");
        async.run(() -> importanceSource.compute(root, ids, metric, max, includePruned), result -> {
            if (gen != importanceGeneration) {
                return;
            }
            importanceLoading.set(false);
            importanceResult.set(result);
            List<ImportanceChart.Bar> bars = result.params().stream()
                    .map(p -> new ImportanceChart.Bar(p.param(), 100 * p.share(), 100 * p.shareStd())).toList();
            String note = Formats.count(result.trials(), includePruned ? "finished or pruned run" : "finished run") + " · held-out R² "
                    + String.format(Locale.ROOT, "%.2f", result.heldOutR2())
                    + (result.heldOutR2() < 0.2 ? " (the params explain little: read the ranking as noise)" : "");
            importanceChart = theme -> ImportanceChart.create(bars, "share of importance for " + metric + " (%)", note, theme);
            importance.set(importanceChart.apply(theme()));
            importanceMessage.set(result.method());
        }, e -> {
            if (gen != importanceGeneration) {
                return;
            }
            importanceLoading.set(false);
            importanceMessage.set(ErrorMessages.asSentence(ErrorMessages.describe(e)));
        });
    }

    // ---- properties

    /** The objective metric: the last axis and the colour of the parallel lines, the best run, importance's target. */
    public ObjectProperty<String> objectiveProperty() {
        return objective;
    }

    /** Whether larger objective values are better. */
    public BooleanProperty maximizeProperty() {
        return maximize;
    }

    /** Metrics to choose the objective and the scatter's y from. */
    public ObservableList<String> metrics() {
        return metrics;
    }

    /** Params whose values differ: the axes and scatter x to choose from. */
    public ObservableList<String> params() {
        return params;
    }

    /** The param axes shown, left to right; writable. */
    public ObservableList<String> axes() {
        return axes;
    }

    public ReadOnlyObjectProperty<ParallelCoordinatesChart> parallelProperty() {
        return parallel.getReadOnlyProperty();
    }

    /** The brushed ranges as runs-table filter text; "" when nothing is brushed. */
    public ReadOnlyStringProperty brushFilterProperty() {
        return brushFilter.getReadOnlyProperty();
    }

    /** Runs inside every brushed range. */
    public ReadOnlyIntegerProperty brushedCountProperty() {
        return brushedCount.getReadOnlyProperty();
    }

    /** "12 of 30 runs inside the brushed ranges". */
    public ReadOnlyStringProperty parallelMessageProperty() {
        return parallelMessage.getReadOnlyProperty();
    }

    public ObjectProperty<String> scatterParamProperty() {
        return scatterParam;
    }

    public ObjectProperty<String> scatterMetricProperty() {
        return scatterMetric;
    }

    public BooleanProperty scatterLogXProperty() {
        return scatterLogX;
    }

    public ReadOnlyObjectProperty<ScatterChart> scatterProperty() {
        return scatter.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ImportanceChart> importanceProperty() {
        return importance.getReadOnlyProperty();
    }

    /** The last importance computed, for tests and tooltips. */
    public ReadOnlyObjectProperty<ImportanceSource.Result> importanceResultProperty() {
        return importanceResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty importanceLoadingProperty() {
        return importanceLoading.getReadOnlyProperty();
    }

    /** What to do, what is happening, how it was measured, or why it failed. */
    public ReadOnlyStringProperty importanceMessageProperty() {
        return importanceMessage.getReadOnlyProperty();
    }
}
